package fr.mandat.support;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run's Keycloak as the test runs set it (never the local stack's): passwords stored
 * with one round of PBKDF2 in every realm, the staff realm's own rules kept
 * ({@code fr.mandat.local.LocalKeycloak}); and the tests' administrator, signed in once
 * for many calls ({@link KeycloakAdmin}).
 */
@MandatIntegrationTest
class TestKeycloakTests {

	private static final String TEST_HASHING = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)";

	private final KeycloakAdmin keycloak = new KeycloakAdmin();

	@Test
	void passwordsAreStoredWithTheTestHashingAndTheRealmsRulesStay() {
		assertThat(this.keycloak.passwordPolicy("mandat")).startsWith("length(12) and notUsername and notEmail")
			.endsWith(TEST_HASHING);
		assertThat(this.keycloak.passwordPolicy("usagers")).isEqualTo(TEST_HASHING);
		assertThat(this.keycloak.passwordPolicy("master")).isEqualTo(TEST_HASHING);

		JsonNode hashing = this.keycloak.passwordHashing(DemoAccount.ZOE);
		assertThat(hashing.path("algorithm").asString()).isEqualTo("pbkdf2-sha256");
		assertThat(hashing.path("hashIterations").asInt()).isEqualTo(1);
	}

	@Test
	void theAdministratorSignsInOnceForManyCallsAndAgainWhenKeycloakEndsTheSession() {
		// Any token taken earlier is refused from here on, and the next one is fresh (its
		// renewal far beyond this test's second).
		this.keycloak.endAdministratorSessions();

		assertThat(this.keycloak.isEnabled(DemoAccount.ZOE)).as("a call after the token was refused").isTrue();
		assertThat(this.keycloak.administratorSessionCount()).as("signed in again, once").isEqualTo(1);
		for (int call = 0; call < 5; call++) {
			assertThat(new KeycloakAdmin().isEnabled(DemoAccount.ZOE)).isTrue();
		}
		assertThat(this.keycloak.administratorSessionCount()).as("no sign-in for those calls").isEqualTo(1);
	}

}
