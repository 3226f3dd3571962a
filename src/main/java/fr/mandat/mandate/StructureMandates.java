package fr.mandat.mandate;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.mandate.MandateListing.StatusFilter;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.usager.UsagerDataKeys;
import fr.mandat.usager.Usagers;
import fr.mandat.usager.Usagers.UsagerIdentity;

import org.springframework.stereotype.Service;

/** The mandates of a structure as its aidants see them on the pages. */
@Service
class StructureMandates {

	/** Mandates on one page of the list. */
	static final int PAGE_SIZE = 100;

	/** What pages show for a usager whose personal data was erased (ADR 0106). */
	static final String ERASED = "Données effacées";

	/** What pages show for a usager who cannot be found (should not happen). */
	static final String UNKNOWN = "Usager inconnu";

	private final MandateStore store;

	private final Usagers usagers;

	private final UsagerDataKeys dataKeys;

	private final UsagerNameIndex nameIndex;

	private final Clock clock;

	StructureMandates(MandateStore store, Usagers usagers, UsagerDataKeys dataKeys, UsagerNameIndex nameIndex,
			Clock clock) {
		this.store = store;
		this.usagers = usagers;
		this.dataKeys = dataKeys;
		this.nameIndex = nameIndex;
		this.clock = clock;
	}

	/**
	 * One page (from 1) of the structure's mandates in a state now, most recently ending
	 * first; with a name query, only those whose usager's name has a word beginning with
	 * each word of the query (through the blind index: nothing is decrypted to filter).
	 */
	MandateListing.Page list(StructureRef structure, StatusFilter status, String usagerQuery, int page) {
		return this.store.list(structure.id(), status, this.nameIndex.ofQuery(usagerQuery), this.clock.instant(),
				(page - 1) * PAGE_SIZE, PAGE_SIZE);
	}

	/**
	 * A mandate of the aidant's current structure.
	 * @throws MandateNotFoundException when there is no such mandate
	 * @throws ForeignMandateException when it belongs to another structure
	 */
	Mandate visible(UUID mandateId, StructureRef structure) {
		Mandate mandate = this.store.find(mandateId).orElseThrow(() -> new MandateNotFoundException(mandateId));
		if (!mandate.structureId().equals(structure.id())) {
			throw new ForeignMandateException(mandateId, mandate.structureId());
		}
		return mandate;
	}

	/** The usager's identity, decrypted; empty once erased. */
	Optional<UsagerIdentity> usager(UUID usagerId) {
		return this.usagers.find(usagerId);
	}

	/** The usager's name, or what stands for it once their data is erased. */
	String usagerName(UUID usagerId) {
		return usager(usagerId).map(UsagerIdentity::displayName).orElseGet(() -> missingName(usagerId));
	}

	/** What stands for the name of a usager whose identity cannot be read. */
	String missingName(UUID usagerId) {
		return this.dataKeys.erased(usagerId) ? ERASED : UNKNOWN;
	}

	Instant now() {
		return this.clock.instant();
	}

}
