package fr.mandat.mandate;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import fr.mandat.structure.DemarcheCategory;

/**
 * What the pages acting for a usager under a mandate show about it, read now: whose
 * mandate it is and what it covers at this instant. Never an authorisation: acting still
 * goes through {@link MandateAuthority}.
 */
public interface MandateSummaries {

	/** The mandate as the aidant of this structure may see it. */
	Lookup find(UUID mandateId, UUID structureId);

	/**
	 * The structure's mandates active now that cover at least one of the categories, with
	 * {@link Summary#coveredNow()} limited to those categories; at most {@code limit},
	 * the most recently ending first.
	 */
	List<Summary> activeCovering(UUID structureId, Set<DemarcheCategory> categories, int limit);

	/** The outcome of {@link #find}. */
	sealed interface Lookup permits Summary, OtherStructure, Unknown {

	}

	/**
	 * @param usagerName the usager's given and family names
	 * @param active whether the mandate is valid now (not revoked, expired or future)
	 * @param coveredNow the categories the mandate covers now: none when it is not active
	 */
	record Summary(UUID mandateId, String usagerName, boolean active,
			List<DemarcheCategory> coveredNow) implements Lookup {

		public Summary {
			coveredNow = List.copyOf(coveredNow);
		}

	}

	/** The mandate belongs to another structure. */
	record OtherStructure(UUID mandateId, UUID structureId) implements Lookup {
	}

	/** No such mandate. */
	record Unknown(UUID mandateId) implements Lookup {
	}

}
