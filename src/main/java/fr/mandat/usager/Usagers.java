package fr.mandat.usager;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** The usagers this service knows, under pseudonyms, with their data encrypted. */
public interface Usagers {

	/**
	 * Records (or refreshes) a usager after an identification, in the caller's
	 * transaction.
	 */
	Usager register(VerifiedIdentity identity);

	/** A usager with their personal data decrypted, for pages that show it. */
	Optional<UsagerIdentity> find(UUID usagerId);

	/**
	 * A usager as other modules refer to them.
	 *
	 * @param id the row's id
	 * @param pseudonym stable, keyed pseudonym of the identity provider's subject: what
	 * the journal records
	 * @param identityCommitment keyed digest (HMAC-SHA256, base64url) of the canonical
	 * identity (names, birth data): the same identity always gives the same value, and
	 * nobody without the service's key can test a guessed identity against it
	 */
	record Usager(UUID id, String pseudonym, String identityCommitment) {
	}

	/**
	 * A usager's personal data, decrypted.
	 *
	 * @param gender as the identity provider said it ({@code female}, {@code male}), if
	 * it did
	 */
	record UsagerIdentity(UUID id, String pseudonym, String identityCommitment, String givenName, String familyName,
			LocalDate birthdate, @Nullable String birthplace, @Nullable String birthcountry, @Nullable String email,
			@Nullable String gender) {

		public String displayName() {
			return this.givenName + " " + this.familyName;
		}

		/** « née », « né », or « né(e) » when the gender is not known. */
		public String born() {
			if ("female".equals(this.gender)) {
				return "née";
			}
			return "male".equals(this.gender) ? "né" : "né(e)";
		}

		@Override
		public String toString() {
			return "UsagerIdentity[id=" + this.id + "]";
		}

	}

}
