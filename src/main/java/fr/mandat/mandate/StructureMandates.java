package fr.mandat.mandate;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.mandate.MandateListing.StatusFilter;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.usager.Usagers;
import fr.mandat.usager.Usagers.UsagerIdentity;

import org.springframework.stereotype.Service;

/** The mandates of a structure as its aidants see them on the pages. */
@Service
class StructureMandates {

	/** Mandates on one page of the list. */
	static final int PAGE_SIZE = 100;

	private final MandateStore store;

	private final Usagers usagers;

	private final UsagerNameIndex nameIndex;

	private final Clock clock;

	StructureMandates(MandateStore store, Usagers usagers, UsagerNameIndex nameIndex, Clock clock) {
		this.store = store;
		this.usagers = usagers;
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

	/** The usager's identity, decrypted. */
	Optional<UsagerIdentity> usager(UUID usagerId) {
		return this.usagers.find(usagerId);
	}

	Instant now() {
		return this.clock.instant();
	}

}
