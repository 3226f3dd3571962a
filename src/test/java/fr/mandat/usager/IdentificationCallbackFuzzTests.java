package fr.mandat.usager;

import java.net.URI;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import fr.mandat.usager.UsagerIdentification.Started;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the identification callback receives from outside: the {@code state} parameter and
 * the claims of the provider's ID token. A state matches only its own request; claims
 * give a usager's identity or an {@link IdentificationException}, never another
 * exception.
 */
@Tag("fuzz")
class IdentificationCallbackFuzzTests {

	private static final Started STARTED = new Started(URI.create("https://fc.example/authorize"),
			"https://mandat.example/mandats/identification/retour", "etat-attendu-0123456789", "nonce", "verifier");

	@FuzzTest(maxDuration = "20s")
	void takesAnyCallbackSafely(FuzzedDataProvider data) {
		String state = data.consumeString(200);
		assertThat(STARTED.matches(state)).isEqualTo(state.equals("etat-attendu-0123456789"));
		assertThat(STARTED.matches(null)).isFalse();

		Jwt.Builder token = Jwt.withTokenValue("jeton").header("alg", "RS256").issuer("https://fc.example/");
		String[] claims = { "sub", "given_name", "family_name", "birthdate", "birthplace", "birthcountry", "gender",
				"email" };
		for (String claim : claims) {
			if (data.consumeBoolean()) {
				token.claim(claim, data.consumeString(120));
			}
		}
		if (!data.consumeBoolean()) {
			token.claim("sub", "sujet");
		}
		Jwt jwt = token.build();
		try {
			VerifiedIdentity identity = UsagerIdentification.identity(jwt, "eidas1", "jeton");
			assertThat(identity.givenName()).isEqualTo(jwt.getClaimAsString("given_name"));
			assertThat(identity.birthdate()).isNotNull();
			// Never the person's data in a log line by accident.
			assertThat(identity.toString()).isEqualTo("VerifiedIdentity[acr=eidas1]");
		}
		catch (IdentificationException ex) {
			assertThat(ex.reason()).isEqualTo("claims");
		}
	}

}
