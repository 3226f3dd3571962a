package fr.mandat.mandate;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.usager.Usagers;
import fr.mandat.usager.Usagers.UsagerIdentity;

import org.springframework.stereotype.Service;

/** The mandates of a structure as its aidants see them on the pages. */
@Service
class StructureMandates {

	private final MandateStore store;

	private final Usagers usagers;

	private final Clock clock;

	StructureMandates(MandateStore store, Usagers usagers, Clock clock) {
		this.store = store;
		this.usagers = usagers;
		this.clock = clock;
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
