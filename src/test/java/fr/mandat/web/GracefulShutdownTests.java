package fr.mandat.web;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.PartnerSimulator;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.ApiTokens;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.SecondInstance;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An instance told to stop (a rolling update's SIGTERM) while a démarche is at the
 * partner: the démarche finishes and its answer reaches the aidant, then the instance
 * stops and takes no more requests. Tagged {@code faults} (an instance of its own).
 */
@MandatIntegrationTest
@Tag("faults")
class GracefulShutdownTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	/** The partner simulator answers this allocataire after one second. */
	private static final String SLOW_ALLOCATAIRE = "9999200";

	@Autowired
	private Environment environment;

	@Autowired
	private ApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void aDemarcheInFlightWhenTheInstanceStopsIsFinishedAndAnswered() throws Exception {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.CAMILLE, VILLENEUVE, List.of("social"), 31);
		PartnerSimulator partner = LocalInfrastructure.get().partners().get("allocations-familiales").orElseThrow();
		String token = ApiTokens.of(DemoAccount.CAMILLE);
		ConfigurableApplicationContext instance = secondInstance();
		String base = "http://localhost:" + instance.getEnvironment().getProperty("local.server.port");
		UUID key = UUID.randomUUID();

		CompletableFuture<HttpResponse<String>> answer = this.http.sendAsync(HttpRequest
			.newBuilder(
					URI.create(base + "/api/v1/mandats/" + mandate + "/demarches/declaration-trimestrielle-ressources"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key.toString())
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString("{\"numeroAllocataire\": \"" + SLOW_ALLOCATAIRE
					+ "\", \"trimestre\": \"2026-T3\", \"salaires\": 900, \"autresRessources\": 0}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		// The partner has the démarche (and answers in one second): now the instance is
		// told to stop.
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> partner.requests(key) >= 1);
		CompletableFuture<Void> stopped = CompletableFuture.runAsync(instance::close);

		HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).contains("\"statut\":\"ACCEPTED\"");
		stopped.get(60, TimeUnit.SECONDS);
		assertThat(instance.isActive()).isFalse();
		assertThatThrownBy(() -> this.http.send(HttpRequest.newBuilder(URI.create(base + "/")).GET().build(),
				HttpResponse.BodyHandlers.discarding()))
			.as("no request taken once stopped")
			.isInstanceOf(ConnectException.class);
	}

	private ConfigurableApplicationContext secondInstance() {
		URI database = URI.create(this.environment.getRequiredProperty("spring.datasource.url").substring(5));
		Map<String, Object> properties = LocalInfrastructure.get()
			.applicationProperties(database.getPath().substring(1));
		properties.put("spring.flyway.locations", this.environment.getRequiredProperty("spring.flyway.locations"));
		return SecondInstance.start(properties);
	}

}
