package fr.mandat.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import fr.mandat.local.LocalInfrastructure;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.SecondInstance;
import fr.mandat.support.TcpProxy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database out of reach (the network to it cut, for a second instance only): pages
 * say « service momentanément indisponible » in French and the API answers 503 problem
 * details with Retry-After, never a stack trace nor a 500; the instance stays alive and
 * serves again by itself once the database is back, without a restart. Tagged
 * {@code faults}: it runs with {@code ./mvnw -Pfaults test} (.ci/run), not in the suite.
 */
@MandatIntegrationTest
@Tag("faults")
class DatabaseOutageTests {

	private static final String DIGEST = "ab".repeat(32);

	@Autowired
	private Environment environment;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void duringAnOutageEveryAnswerIsA503InFrenchAndTheInstanceRecoversByItself() throws Exception {
		URI database = URI.create(this.environment.getRequiredProperty("spring.datasource.url").substring(5));
		try (TcpProxy network = new TcpProxy(database.getPort());
				ConfigurableApplicationContext instance = secondInstance(network, database)) {
			String base = "http://localhost:" + instance.getEnvironment().getProperty("local.server.port");
			String management = "http://localhost:" + instance.getEnvironment().getProperty("local.management.port");
			String api = base + "/api/v1/verification/" + UUID.randomUUID() + "?digest=" + DIGEST;
			String page = base + "/verifier/" + UUID.randomUUID() + "?empreinte=" + DIGEST;
			assertThat(get(api, null).statusCode()).isEqualTo(404);

			network.cut();

			HttpResponse<String> problem = get(api, null);
			assertThat(problem.statusCode()).isEqualTo(503);
			assertThat(problem.headers().firstValue("Content-Type"))
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
			assertThat(problem.headers().firstValue("Retry-After")).hasValue("30");
			assertThat(problem.body()).contains("Service momentanément indisponible")
				.doesNotContain("Exception", "org.", "jdbc");

			HttpResponse<String> html = get(page, null);
			assertThat(html.statusCode()).isEqualTo(503);
			assertThat(html.headers().firstValue("Retry-After")).hasValue("30");
			assertThat(html.body()).contains("<h1>Service momentanément indisponible</h1>", "lang=\"fr\"")
				.doesNotContain("Exception", "jdbc", "Whitelabel");

			// A signed-in person's request reads the session from the database first.
			HttpResponse<String> withSession = get(base + "/", "MANDAT_SESSION=" + UUID.randomUUID());
			assertThat(withSession.statusCode()).isEqualTo(503);
			assertThat(withSession.body()).contains("Service momentanément indisponible").doesNotContain("Exception");

			// Alive (no restart wanted), whatever the database.
			assertThat(get(management + "/actuator/health/liveness", null).statusCode()).isEqualTo(200);

			network.restore();

			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> assertThat(get(api, null).statusCode()).as("served again").isIn(404, 429));
			assertThat(get(base + "/", "MANDAT_SESSION=" + UUID.randomUUID()).statusCode()).isIn(200, 302);
		}
	}

	/**
	 * Another instance on the local infrastructure, reaching the database through the
	 * relay.
	 */
	private ConfigurableApplicationContext secondInstance(TcpProxy network, URI database) {
		Map<String, Object> properties = LocalInfrastructure.get()
			.applicationProperties(database.getPath().substring(1));
		properties.put("spring.datasource.url", "jdbc:postgresql://localhost:" + network.port() + database.getPath());
		properties.put("spring.flyway.locations", this.environment.getRequiredProperty("spring.flyway.locations"));
		return SecondInstance.start(properties);
	}

	private HttpResponse<String> get(String url, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
		if (!url.contains("/api/")) {
			// What a browser asks for.
			request.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
		}
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
