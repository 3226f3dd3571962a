package fr.mandat.structure;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The structure's mandates that end soon, for the responsable's page. The mandate module
 * implements it (this module cannot read mandates, and must not depend on the module that
 * depends on it).
 */
public interface ExpiringMandates {

	/** How far ahead « soon » looks. */
	int WITHIN_DAYS = 30;

	/**
	 * The structure's mandates valid now that end within {@link #WITHIN_DAYS} days, the
	 * soonest first, at most {@code limit} of them, with how many there are in all.
	 */
	Expiring of(UUID structureId, int limit);

	/** Some of the expiring mandates, and how many there are. */
	record Expiring(List<Row> mandates, long total) {

		public Expiring {
			mandates = List.copyOf(mandates);
		}

	}

	/**
	 * @param usagerName the usager's name (« Données effacées » once erased)
	 * @param aidantId the aidant who signed it
	 */
	record Row(UUID mandateId, String usagerName, UUID aidantId, List<DemarcheCategory> categories, Instant notAfter) {

		public Row {
			categories = List.copyOf(categories);
		}

	}

}
