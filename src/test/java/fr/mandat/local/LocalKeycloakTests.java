package fr.mandat.local;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The test runs' Keycloak hashes passwords with one round of PBKDF2 (the local stack
 * keeps Keycloak's Argon2), and keeps each realm's own password rules. The run's Keycloak
 * itself: {@code fr.mandat.support.TestKeycloakTests}.
 */
class LocalKeycloakTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aRealmWithRulesKeepsThemAndGainsTheTestHashing() throws Exception {
		String realm = Files.readString(LocalSettings.projectDir().resolve(Path.of("keycloak", "realm-mandat.json")));

		JsonNode changed = this.json.readTree(LocalKeycloak.withTestPasswordHashing(realm));

		assertThat(changed.path("passwordPolicy").asString())
			.isEqualTo("length(12) and notUsername and notEmail and " + LocalKeycloak.TEST_PASSWORD_HASHING);
		assertThat(changed.path("realm").asString()).isEqualTo("mandat");
	}

	@Test
	void aRealmWithoutRulesGainsTheTestHashingOnly() throws Exception {
		String realm = Files.readString(LocalSettings.projectDir().resolve(Path.of("keycloak", "realm-usagers.json")));
		assertThat(realm).doesNotContain("passwordPolicy");

		JsonNode changed = this.json.readTree(LocalKeycloak.withTestPasswordHashing(realm));

		assertThat(changed.path("passwordPolicy").asString()).isEqualTo(LocalKeycloak.TEST_PASSWORD_HASHING);
		assertThat(changed.path("realm").asString()).isEqualTo("usagers");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalKeycloak.withTestPasswordHashing("[]"));
	}

}
