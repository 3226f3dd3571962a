package fr.mandat.mandate;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import fr.mandat.mandate.MandateStore.ActionGrant;
import fr.mandat.structure.FrenchDates;
import fr.mandat.structure.DemarcheCategory;

/**
 * {@link MandateAuthority} from the mandate tables, in one statement under shared row
 * locks, without reading the usager's table or decrypting anything.
 */
@Service
class StoredMandateAuthority implements MandateAuthority {

	private final MandateStore store;

	private final Clock clock;

	StoredMandateAuthority(MandateStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public Decision authorise(UUID mandateId, UUID structureId, DemarcheCategory category) {
		Optional<ActionGrant> found = this.store.lockForAction(mandateId, category);
		if (found.isEmpty()) {
			return new Refused("no-mandate", "Aucun mandat ne correspond : la démarche n'a pas été faite.");
		}
		ActionGrant mandate = found.get();
		if (!mandate.structureId().equals(structureId)) {
			return new Refused("mandate-of-another-structure",
					"Ce mandat a été signé avec une autre structure : vous ne pouvez pas agir pour cet usager.");
		}
		// Read after the lock: a revocation that committed first is seen here.
		Instant now = this.clock.instant();
		switch (mandate.status(now)) {
			case REVOKED -> {
				return new Refused("mandate-revoked", "Ce mandat a été révoqué : la démarche n'a pas été faite.");
			}
			case EXPIRED -> {
				return new Refused("mandate-expired", "Ce mandat a expiré le " + FrenchDates.date(mandate.notAfter())
						+ " : la démarche n'a pas été faite. Proposez à l'usager de le renouveler.");
			}
			case NOT_YET_VALID -> {
				return new Refused("mandate-not-yet-valid", "Ce mandat n'est pas encore valable.");
			}
			default -> {
				// active
			}
		}
		if (!mandate.covered()) {
			return new Refused("category-not-covered", "Ce mandat ne couvre pas la catégorie « " + category.label()
					+ " » : la démarche n'a pas été faite.");
		}
		return new Authorised(mandate.mandateId(), mandate.usagerId(), mandate.usagerPseudonym());
	}

}
