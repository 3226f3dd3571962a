package fr.mandat.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/** What a request without a session or a token gets, over real HTTP. */
@MandatIntegrationTest
class AnonymousAccessTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void pageWithoutSessionRedirectsToSignInWithPkce() throws Exception {
		HttpResponse<Void> page = get(BASE_URL + "/");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location")).hasValue(BASE_URL + "/oauth2/authorization/mandat");

		HttpResponse<Void> signIn = get(BASE_URL + "/oauth2/authorization/mandat");
		assertThat(signIn.statusCode()).isEqualTo(302);
		String authorize = signIn.headers().firstValue("Location").orElseThrow();
		assertThat(authorize)
			.startsWith(fr.mandat.local.TestPorts.keycloakUrl() + "/realms/mandat/protocol/openid-connect/auth?")
			.contains("code_challenge=")
			.contains("code_challenge_method=S256")
			.contains("nonce=")
			.contains("state=");
	}

	@Test
	void apiWithoutTokenGetsProblemDetailsNotASignInPage() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(BASE_URL + "/api/v1/me")).header("Accept", "text/html").GET().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JsonMapper.builder().build().readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(401);
		assertThat(problem.get("title").asString()).isEqualTo("Authentification requise");
		assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/me");
	}

	@Test
	void apiWithForgedTokenGetsProblemDetails() throws Exception {
		String forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiI1ZjBhN2MxZSJ9.";
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/api/v1/me"))
			.header("Authorization", "Bearer " + forged)
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("\"status\":401").doesNotContain(forged);
	}

	@Test
	void pagesCarryTheSecurityHeaders() throws Exception {
		HttpResponse<Void> response = get(BASE_URL + "/deconnexion");

		assertThat(response.statusCode()).isEqualTo(200);
		String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
			.doesNotContain("unsafe-inline")
			.doesNotContain("unsafe-eval");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
	}

	@Test
	void healthAndMetricsOnlyOnTheManagementPort() throws Exception {
		assertThat(get("http://localhost:" + fr.mandat.local.TestPorts.management() + "/actuator/health/liveness")
			.statusCode()).isEqualTo(200);
		assertThat(get("http://localhost:" + fr.mandat.local.TestPorts.management() + "/actuator/health/readiness")
			.statusCode()).isEqualTo(200);
		assertThat(
				get("http://localhost:" + fr.mandat.local.TestPorts.management() + "/actuator/prometheus").statusCode())
			.isEqualTo(200);
		assertThat(get(BASE_URL + "/actuator/prometheus").statusCode()).isNotEqualTo(200);
	}

	private HttpResponse<Void> get(String url) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
				HttpResponse.BodyHandlers.discarding());
	}

}
