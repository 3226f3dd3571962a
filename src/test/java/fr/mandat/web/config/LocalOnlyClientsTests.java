package fr.mandat.web.config;

import java.util.Set;

import fr.mandat.local.LocalInfrastructure;
import fr.mandat.support.ApiTokens;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The password-grant {@code mandat-cli} client outside the local profile: its tokens are
 * refused, and the application does not start while the realm (the real Keycloak) still
 * has it enabled.
 */
@MandatIntegrationTest
class LocalOnlyClientsTests {

	private static final String ISSUER = LocalInfrastructure.get().keycloakUrl() + "/realms/mandat";

	private final KeycloakAdmin keycloak = new KeycloakAdmin();

	@Test
	void withoutTheLocalProfileTheCliClientsTokensAreRefused() {
		LocalOnlyClients production = new LocalOnlyClients(new MockEnvironment(), ISSUER);
		LocalOnlyClients local = new LocalOnlyClients(localProfile(), ISSUER);
		assertThat(production.apiClients("mandat-app")).containsExactly("mandat-app");
		assertThat(local.apiClients("mandat-app")).containsExactly("mandat-app", "mandat-cli");

		Jwt cli = NimbusJwtDecoder.withIssuerLocation(ISSUER).build().decode(ApiTokens.of(DemoAccount.INES));
		assertThat(new ApiTokenValidator(production.apiClients("mandat-app")).validate(cli).getErrors()).singleElement()
			.satisfies(error -> assertThat(error.getDescription()).isEqualTo("Issued to another client"));
		assertThat(new ApiTokenValidator(local.apiClients("mandat-app")).validate(cli).hasErrors()).isFalse();
	}

	@Test
	void withoutTheLocalProfileStartupFailsWhileTheRealmHasTheCliClient() {
		LocalOnlyClients production = new LocalOnlyClients(new MockEnvironment(), ISSUER);
		assertThatThrownBy(production::afterPropertiesSet).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("'mandat-cli'")
			.hasMessageContaining("unauthorized_client")
			.hasMessageContaining("does not start");

		// Under the local profile the client is expected.
		new LocalOnlyClients(localProfile(), ISSUER).afterPropertiesSet();

		// A realm without it (disabled here) lets the application start.
		this.keycloak.setClientEnabled("mandat-cli", false);
		try {
			production.afterPropertiesSet();
			assertThat(production.probe()).isEqualTo("invalid_client");
		}
		finally {
			this.keycloak.setClientEnabled("mandat-cli", true);
		}
	}

	@Test
	void anUnreachableRealmAlsoStopsTheStart() {
		LocalOnlyClients unreachable = new LocalOnlyClients(new MockEnvironment(), "http://localhost:9/realms/mandat");
		assertThatThrownBy(unreachable::afterPropertiesSet).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("no answer");
	}

	@Test
	void onlyAccessTokensOfAllowedClientsPass() {
		ApiTokenValidator validator = new ApiTokenValidator(Set.of("mandat-app"));
		assertThat(validator.validate(jwt("JWT", "Bearer", "mandat-app")).hasErrors()).isFalse();
		assertThat(validator.validate(jwt("at+jwt", null, "mandat-app")).hasErrors()).isFalse();
		assertThat(validator.validate(jwt("JWT", "ID", "mandat-app")).hasErrors()).isTrue();
		assertThat(validator.validate(jwt("JWT", "Refresh", "mandat-app")).hasErrors()).isTrue();
		assertThat(validator.validate(jwt("JWT", null, "mandat-app")).hasErrors()).isTrue();
		assertThat(validator.validate(jwt("at+jwt", "ID", "mandat-app")).hasErrors()).isTrue();
		assertThat(validator.validate(jwt("JWT", "Bearer", "mandat-admin")).hasErrors()).isTrue();
		assertThat(validator.validate(jwt("JWT", "Bearer", null)).hasErrors()).isTrue();
	}

	private static Jwt jwt(String headerType, String claimType, String azp) {
		Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").header("typ", headerType).subject("s");
		if (claimType != null) {
			jwt.claim("typ", claimType);
		}
		if (azp != null) {
			jwt.claim("azp", azp);
		}
		return jwt.build();
	}

	private static MockEnvironment localProfile() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles(LocalOnlyClients.LOCAL_PROFILE);
		return environment;
	}

}
