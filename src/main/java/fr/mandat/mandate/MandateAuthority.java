package fr.mandat.mandate;

import java.util.UUID;

import fr.mandat.structure.DemarcheCategory;

/**
 * Whether a structure may act for a usager, now, in a démarche category, under a given
 * mandate. Decided from the stored mandate and the application's clock.
 */
public interface MandateAuthority {

	/**
	 * Checks the mandate and locks it (shared) until the caller's transaction ends, so a
	 * revocation or renewal waits for the caller to commit and no action can be recorded
	 * after a committed revocation. Must run inside a transaction.
	 */
	Decision authorise(UUID mandateId, UUID structureId, DemarcheCategory category);

	/** The outcome of {@link #authorise}. */
	sealed interface Decision permits Authorised, Refused {

	}

	/**
	 * @param usagerPseudonym the usager's stable pseudonym in Mandat (never their name)
	 */
	record Authorised(UUID mandateId, UUID usagerId, String usagerPseudonym) implements Decision {
	}

	/**
	 * @param reason a stable code for the journal (e.g. {@code mandate-revoked})
	 * @param message what the aidant reads, in French
	 */
	record Refused(String reason, String message) implements Decision {
	}

}
