package fr.mandat.mandate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/** The public verification API, as any client would call it, and the published keys. */
@MandatIntegrationTest
class VerificationApiTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private MandateCreation mandates;

	@Autowired
	private Clock clock;

	@Autowired
	private StaffDirectory staff;

	@Autowired
	private JsonMapper json;

	private MandateTestData data;

	@BeforeEach
	void data() {
		this.data = new MandateTestData(this.mandates, this.clock, this.staff);
		// A minute window of the rate limiter of its own.
		TestClock.shift(Duration.ofMinutes(3));
	}

	@AfterEach
	void resetClock() {
		TestClock.reset();
	}

	@Test
	void aHolderOfThePaperLearnsTheStateAndCanCheckTheSignatureWithAnyJoseLibrary() throws Exception {
		Mandate mandate = this.data.create(this.data.camille(), MandateTestData.newSubject(),
				List.of("social", "logement"), 182);

		HttpResponse<String> response = get("/api/v1/verification/" + mandate.id() + "?digest=" + mandate.digest());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.path("status").asString()).isEqualTo("active");
		assertThat(body.path("valid").asBoolean()).isTrue();
		assertThat(body.path("structure").asString()).isEqualTo("France Services de Villeneuve");
		assertThat(body.path("categories").findValuesAsString("code")).containsExactly("social", "logement");
		assertThat(response.body()).doesNotContain("Jeanne").doesNotContain("Dupont").doesNotContain("1956");

		HttpResponse<String> keys = get("/.well-known/jwks.json");
		assertThat(keys.statusCode()).isEqualTo(200);
		JWKSet jwks = JWKSet.parse(keys.body());
		JWSObject jws = JWSObject.parse(body.path("jws").asString());
		ECKey key = (ECKey) jwks.getKeyByKeyId(jws.getHeader().getKeyID());
		assertThat(key).isNotNull();
		assertThat(key.isPrivate()).isFalse();
		assertThat(jws.verify(new ECDSAVerifier(key))).isTrue();
		assertThat(Digests.sha256Hex(jws.getPayload().toBytes())).isEqualTo(mandate.digest());

		// A JWS whose payload was changed does not verify.
		String[] parts = body.path("jws").asString().split("\\.");
		String changed = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(jws.getPayload().toString().replace("logement", "argent").getBytes(StandardCharsets.UTF_8));
		assertThat(JWSObject.parse(parts[0] + "." + changed + "." + parts[2]).verify(new ECDSAVerifier(key))).isFalse();
	}

	@Test
	void badOrUnknownInputGetsProblemDetails() throws Exception {
		Mandate mandate = this.data.create(this.data.camille(), MandateTestData.newSubject(), List.of("papiers"), 1);

		HttpResponse<String> malformedId = get("/api/v1/verification/pas-un-uuid?digest=" + mandate.digest());
		assertProblem(malformedId, 400, "Identifiant invalide");
		HttpResponse<String> malformedDigest = get("/api/v1/verification/" + mandate.id() + "?digest=xyz");
		assertProblem(malformedDigest, 400, "Empreinte invalide");
		HttpResponse<String> missingDigest = get("/api/v1/verification/" + mandate.id());
		assertProblem(missingDigest, 400, "Empreinte invalide");
		HttpResponse<String> oversized = get("/api/v1/verification/" + mandate.id() + "?digest=" + "a".repeat(5000));
		assertProblem(oversized, 400, "Empreinte invalide");
		HttpResponse<String> unknown = get("/api/v1/verification/" + UUID.randomUUID() + "?digest=" + mandate.digest());
		assertProblem(unknown, 404, "Mandat introuvable");
		HttpResponse<String> wrongDigest = get("/api/v1/verification/" + mandate.id() + "?digest=" + "b".repeat(64));
		assertProblem(wrongDigest, 404, "Mandat introuvable");
		assertThat(this.json.readTree(wrongDigest.body()).path("detail").asString())
			.isEqualTo(this.json.readTree(unknown.body()).path("detail").asString());
	}

	@Test
	void verificationsAreRateLimitedPerClient() throws Exception {
		TestClock.freeze(java.time.Instant.now().plus(Duration.ofMinutes(7)));
		String path = "/api/v1/verification/" + UUID.randomUUID() + "?digest=" + "c".repeat(64);
		int answered = 0;
		HttpResponse<String> response;
		do {
			response = get(path);
			answered++;
		}
		while (response.statusCode() == 404 && answered < 100);
		assertThat(answered).isEqualTo(31);
		assertProblem(response, 429, "Trop de demandes");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("60");
		// The public page is limited with the same budget.
		assertThat(get("/verifier/" + UUID.randomUUID() + "?empreinte=" + "c".repeat(64)).statusCode()).isEqualTo(429);
	}

	private void assertProblem(HttpResponse<String> response, int status, String title) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asString()).isEqualTo(title);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at fr.mandat");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
