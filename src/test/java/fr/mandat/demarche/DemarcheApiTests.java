package fr.mandat.demarche;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.ApiTokens;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/** The démarches JSON API with real staff tokens, over real HTTP. */
@MandatIntegrationTest
class DemarcheApiTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	private static final String VILLENEUVE_ID = "3c6e0b8a-4b1f-4a8e-9c1d-000000000001";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private ApplicationContext context;

	@Test
	void theCatalogueAndItsOpenApiDescriptionArePublishedToTools() throws Exception {
		HttpResponse<String> catalogue = get("/api/v1/demarches", DemoAccount.CAMILLE);
		assertThat(catalogue.statusCode()).isEqualTo(200);
		JsonNode demarches = JSON.readTree(catalogue.body());
		assertThat(demarches.toString()).contains("\"id\":\"copie-avis-imposition\"")
			.contains("\"nom\":\"numeroFiscal\"")
			.contains("\"categorie\":\"argent\"");

		HttpResponse<String> openApi = this.http.send(
				HttpRequest.newBuilder(URI.create(BASE_URL + "/v3/api-docs")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(openApi.statusCode()).isEqualTo(200);
		assertThat(openApi.body()).contains("/api/v1/mandats/{mandat}/demarches/{demarche}")
			.contains("/api/v1/executions/{id}")
			.doesNotContain("/structure/aidants");
	}

	@Test
	void anAidantCarriesOutADemarcheAndRefusalsAreProblemDetails() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"), 31);
		String path = "/api/v1/mandats/" + mandate + "/demarches/copie-avis-imposition";

		// « Argent »: a token without a fresh one-time code is not enough.
		HttpResponse<String> unconfirmed = post(path, "{\"numeroFiscal\": \"1234567890123\", \"annee\": 2025}");
		assertThat(unconfirmed.statusCode()).as(unconfirmed.body()).isEqualTo(403);
		assertThat(JSON.readTree(unconfirmed.body()).get("reason").asString()).isEqualTo("step-up-required");

		List<String> tokens = ApiTokens.freshAndRefreshed(browser.page(), DemoAccount.CAMILLE);
		String fresh = tokens.get(0);
		HttpResponse<String> done = post(path, "{\"numeroFiscal\": \"1234567890123\", \"annee\": 2025}", fresh);
		assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
		// That code has served: a second « Argent » démarche needs another one, with the
		// same token or with a token refreshed from the same authentication.
		HttpResponse<String> again = post(path, "{\"numeroFiscal\": \"1234567890124\", \"annee\": 2025}", fresh);
		assertThat(again.statusCode()).isEqualTo(403);
		assertThat(JSON.readTree(again.body()).get("reason").asString()).isEqualTo("step-up-required");
		// The refreshed token would pass every other check (same fresh-code
		// authentication):
		// only its authentication having served refuses it.
		JsonNode first = claims(fresh);
		JsonNode second = claims(tokens.get(1));
		assertThat(second.get("acr").asString()).isEqualTo("otp");
		assertThat(second.get("auth_time").asLong()).isEqualTo(first.get("auth_time").asLong());
		assertThat(second.get("jti").asString()).isNotEqualTo(first.get("jti").asString());
		HttpResponse<String> refreshed = post(path, "{\"numeroFiscal\": \"1234567890125\", \"annee\": 2025}",
				tokens.get(1));
		assertThat(refreshed.statusCode()).isEqualTo(403);
		assertThat(JSON.readTree(refreshed.body()).get("reason").asString()).isEqualTo("step-up-required");
		JsonNode execution = JSON.readTree(done.body());
		assertThat(execution.get("statut").asString()).isEqualTo("ACCEPTED");
		assertThat(execution.get("reference").asString()).isNotBlank();
		assertThat(done.headers().firstValue("Location"))
			.hasValue("/api/v1/executions/" + execution.get("execution").asString());
		HttpResponse<String> read = get("/api/v1/executions/" + execution.get("execution").asString(),
				DemoAccount.CAMILLE);
		assertThat(JSON.readTree(read.body()).get("statut").asString()).isEqualTo("ACCEPTED");
		// Another structure's aidant does not see it.
		assertThat(get("/api/v1/executions/" + execution.get("execution").asString(), DemoAccount.LUCAS).statusCode())
			.isEqualTo(404);

		// The same request again with its idempotency key: the first one's result.
		String key = UUID.randomUUID().toString();
		String social = "/api/v1/mandats/" + mandate + "/demarches/declaration-trimestrielle-ressources";
		String declaration = "{\"numeroAllocataire\": \"1234567\", \"trimestre\": \"2026-T2\", \"salaires\": 10, "
				+ "\"autresRessources\": 0}";
		HttpResponse<String> refusedOnce = post(social, declaration, ApiTokens.of(DemoAccount.CAMILLE), key);
		HttpResponse<String> refusedTwice = post(social, declaration, ApiTokens.of(DemoAccount.CAMILLE), key);
		assertThat(refusedOnce.statusCode()).isEqualTo(403);
		assertThat(refusedTwice.statusCode()).isEqualTo(403);
		assertThat(JSON.readTree(refusedTwice.body()).get("reason").asString()).isEqualTo("category-not-covered");

		HttpResponse<String> invalid = post(path, "{\"numeroFiscal\": \"12\"}");
		assertThat(invalid.statusCode()).isEqualTo(422);
		assertThat(invalid.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode errors = JSON.readTree(invalid.body()).get("errors");
		assertThat(errors.get("numeroFiscal").asString()).contains("13 chiffres");
		assertThat(errors.get("annee").asString()).isNotBlank();

		HttpResponse<String> unknown = post("/api/v1/mandats/" + mandate + "/demarches/inconnue", "{}");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(unknown.body()).get("title").asString()).isEqualTo("Démarche inconnue");

		fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE);
		HttpResponse<String> revoked = post(path, "{\"numeroFiscal\": \"1234567890123\", \"annee\": 2025}");
		assertThat(revoked.statusCode()).isEqualTo(403);
		JsonNode problem = JSON.readTree(revoked.body());
		assertThat(problem.get("reason").asString()).isEqualTo("mandate-revoked");
		assertThat(problem.get("detail").asString()).contains("révoqué");

		HttpResponse<String> malformed = post(path, "{pas du json");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.body()).doesNotContain("Exception").doesNotContain("at fr.");
	}

	private static JsonNode claims(String jwt) {
		return JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return post(path, body, ApiTokens.of(DemoAccount.CAMILLE));
	}

	private HttpResponse<String> post(String path, String body, String token) throws Exception {
		return post(path, body, token, null);
	}

	private HttpResponse<String> post(String path, String body, String token, @Nullable String idempotencyKey)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE_URL + path))
			.header("Authorization", "Bearer " + token)
			.header("Mandat-Structure", VILLENEUVE_ID)
			.header("Content-Type", "application/json");
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return this.http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, DemoAccount account) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + path))
			.header("Authorization", "Bearer " + ApiTokens.of(account))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
