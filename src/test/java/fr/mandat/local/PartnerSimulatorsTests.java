package fr.mandat.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PartnerSimulatorsTests {

	private static final URI NO_JWKS = URI.create("http://localhost:9/.well-known/jwks.json");

	@Test
	void startsEachPartnerOnAFreePortAndSaysHowToReachIt() {
		try (PartnerSimulators partners = PartnerSimulators.startAll(Map.of("impots", 0, "immatriculation", 0),
				() -> NO_JWKS)) {
			PartnerSimulator impots = partners.get("impots").orElseThrow();

			assertThat(impots.port()).isPositive().isNotEqualTo(partners.get("immatriculation").orElseThrow().port());
			assertThat(partners.properties())
				.contains("mandat.demarche.partners.impots.base-url=http://localhost:" + impots.port());
			assertThat(partners.get("allocations-familiales")).isEmpty();
		}
	}

	@Test
	void refusesAPartnerWithoutStubs() {
		assertThatIllegalArgumentException().isThrownBy(() -> PartnerSimulator.start("inconnu", 0, () -> NO_JWKS))
			.withMessageContaining("No stubs");
	}

	@Test
	void answersNothingWithoutADelegationToken() throws Exception {
		try (PartnerSimulator impots = PartnerSimulator.start("impots", 0, () -> NO_JWKS)) {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(impots.baseUrl().resolve("/api/v1/avis-imposition/copies"))
					.header("Content-Type", "application/json")
					.header("Idempotency-Key", "0b9f8f0e-2f5c-4a55-9f55-2d1f1c2c0d11")
					.POST(HttpRequest.BodyPublishers.ofString("{\"numeroFiscal\":\"1234567890123\",\"annee\":2025}"))
					.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"detail\":\"Le jeton de délégation est absent.\"");
			assertThat(impots.acceptedSubmissions()).isZero();
			assertThat(impots.lastVerifiedClaims()).isEmpty();
		}
	}

}
