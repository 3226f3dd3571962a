package fr.mandat.usager;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * A usager's identity as the identity provider vouched for it, with how strongly.
 *
 * @param issuer the identity provider
 * @param subject the usager's identifier there
 * @param acr the authentication context class reference of the identification
 * @param idToken the raw ID token, only to end the usager's session at the provider
 */
public record VerifiedIdentity(String issuer, String subject, String givenName, String familyName, LocalDate birthdate,
		@Nullable String birthplace, @Nullable String birthcountry, @Nullable String gender, @Nullable String email,
		String acr, String idToken) {

	@Override
	public String toString() {
		// Personal data never goes to logs by accident.
		return "VerifiedIdentity[acr=" + this.acr + "]";
	}

}
