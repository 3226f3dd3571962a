package fr.mandat.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import fr.mandat.local.LocalInfrastructure;
import fr.mandat.support.ApiTokens;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API takes only access tokens issued to the application's client ({@code typ} and
 * {@code azp} checked), all from the real Keycloak: ID tokens and other clients' tokens
 * get 401 problem details.
 */
@MandatIntegrationTest
class ApiTokenKindsTests {

	private static JsonNode appTokens;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void signInToTheApplicationsClient() {
		// What the application itself receives when Hugo signs in with the browser flow.
		appTokens = StaffHttp.authorizationCodeTokens(DemoAccount.HUGO, "mandat-app", "mandat-local-dev-secret",
				BASE_URL + "/login/oauth2/code/mandat");
	}

	@Test
	void anAccessTokenOfTheApplicationsClientIsAccepted() throws Exception {
		HttpResponse<String> response = me(appTokens.get("access_token").asString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("Hugo Durand");
	}

	@Test
	void anIdTokenOfTheApplicationsClientIsRefused() throws Exception {
		String idToken = appTokens.get("id_token").asString();
		// Signed by the realm, for audience mandat-app, not expired: only its kind is
		// wrong.
		assertThat(claims(idToken).get("aud").toString()).contains("mandat-app");
		assertThat(claims(idToken).get("typ").asString()).isEqualTo("ID");
		assertUnauthorized(me(idToken));
	}

	@Test
	void anotherClientsTokenIsRefused() throws Exception {
		// The provisioning service account: a valid token of the realm, for another
		// client.
		String form = "grant_type=client_credentials&client_id=mandat-admin&client_secret=mandat-admin-local-dev-secret";
		HttpResponse<String> issued = this.http.send(HttpRequest
			.newBuilder(URI
				.create(LocalInfrastructure.get().keycloakUrl() + "/realms/mandat/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		String token = JsonMapper.builder().build().readTree(issued.body()).get("access_token").asString();
		assertUnauthorized(me(token));
	}

	@Test
	void theCliClientsAccessTokenIsAcceptedUnderTheLocalProfileOnly() throws Exception {
		String cli = ApiTokens.of(DemoAccount.INES);
		assertThat(claims(cli).get("azp").asString()).isEqualTo("mandat-cli");
		assertThat(me(cli).statusCode()).isEqualTo(200);

	}

	private void assertUnauthorized(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("Authentification requise");
	}

	private HttpResponse<String> me(String token) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/api/v1/me"))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode claims(String jwt) {
		return JsonMapper.builder().build().readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

}
