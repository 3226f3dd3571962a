package fr.mandat.mandate;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The mandates given by one usager, for the usager's own space: found through the
 * usager's pseudonym only, never through names. A mandate of another usager is reported
 * exactly as an unknown one.
 */
public interface UsagerMandates {

	/**
	 * Every mandate made for the usager (active, expiring, expired, revoked), newest
	 * first.
	 */
	List<UsagerMandate> of(String usagerPseudonym);

	/** One of the usager's mandates. */
	Optional<UsagerMandate> find(UUID mandateId, String usagerPseudonym);

	/** The signed attestation (PDF) of one of the usager's mandates. */
	Optional<byte[]> attestation(UUID mandateId, String usagerPseudonym);

	/** The signed attestation (PDF) of a revocation of one of the usager's mandates. */
	Optional<byte[]> revocationAttestation(UUID revocationId, String usagerPseudonym);

	/**
	 * The usager revokes some categories of their mandate (all of them when
	 * {@code categoryCodes} is empty), with the same lock as a revocation at the counter,
	 * so that a démarche under way either commits before it or is refused after it; the
	 * revocation is journaled with the usager as actor and gets a signed attestation.
	 * Sending the same {@code requestKey} again returns the revocation it made.
	 */
	SelfRevocation revoke(UUID mandateId, List<String> categoryCodes, String usagerPseudonym, UUID requestKey,
			URI requestBase);

	/** The outcome of {@link #revoke}. */
	sealed interface SelfRevocation permits Revoked, Refused, NotFound {

	}

	/**
	 * @param repeated whether the same request had already made it
	 */
	record Revoked(UUID revocationId, UUID mandateId, boolean repeated) implements SelfRevocation {
	}

	/**
	 * @param message why not, in French
	 */
	record Refused(String message) implements SelfRevocation {
	}

	/** No such mandate for this usager. */
	record NotFound() implements SelfRevocation {
	}

	/**
	 * A mandate as its usager sees it.
	 *
	 * @param status {@code ACTIVE}, {@code EXPIRING}, {@code EXPIRED}, {@code REVOKED} or
	 * {@code NOT_YET_VALID}, now
	 * @param statusLabel the same in French
	 * @param structureName the structure the mandate was signed with
	 * @param aidantName the aidant who signed it, as their colleagues know them
	 * @param renews the mandate this one renews, if any
	 * @param digest the signed document's digest (what the attestation's QR code checks)
	 */
	record UsagerMandate(UUID id, UUID structureId, String structureName, UUID aidantId, String aidantName,
			String status, String statusLabel, boolean active, Instant createdAt, Instant notBefore, Instant notAfter,
			@Nullable Instant revokedAt, @Nullable UUID renews, String digest, List<Category> categories,
			List<RevocationMade> revocations) {

		public UsagerMandate {
			categories = List.copyOf(categories);
			revocations = List.copyOf(revocations);
		}

		/** The categories that can still be revoked now. */
		public List<Category> revocable() {
			return this.active ? this.categories.stream().filter(c -> c.revokedAt() == null).toList() : List.of();
		}

	}

	/**
	 * @param replacedBy the mandate that took this category over, if a new one did
	 */
	record Category(String code, String label, @Nullable Instant revokedAt, @Nullable UUID replacedBy) {
	}

	/**
	 * @param byUsager whether the usager made it from their space (else an aidant did)
	 */
	record RevocationMade(UUID id, List<Category> categories, Instant revokedAt, boolean byUsager) {

		public RevocationMade {
			categories = List.copyOf(categories);
		}

	}

}
