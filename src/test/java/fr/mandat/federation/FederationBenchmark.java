package fr.mandat.federation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import fr.mandat.local.LocalPartnerSites;
import fr.mandat.local.TestPorts;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Not a test: token issuance by Mandat's OpenID provider (a partner's code exchanged for
 * an ID token) beside Keycloak's own token endpoint doing client credentials for a
 * confidential client, on the same machine, in the same run, with as many client threads.
 * Writes {@code target/benchmarks/federation.md}. Run it alone:
 * {@code ./mvnw test -Dtest=FederationBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.seconds=10}
 * (options: {@code -Dbench.seconds}, measured time of each side, 20;
 * {@code -Dbench.clients}, client threads, 8; {@code -Dbench.batch}, codes prepared per
 * round, 300).
 * <p>
 * Codes live one minute, so the run goes in rounds: prepare a batch of codes (pushed
 * authorization request, the aidant's choice over HTTP with a real session, the code read
 * from the redirect; each exchange request built then, its client assertion signed), then
 * time only their exchanges ({@code private_key_jwt} checked, PKCE, the mandate checked
 * again and the sign-in journaled, the ID token signed), then time Keycloak's client
 * credentials for as long with the same threads. A first round of each warms up and is
 * not counted.
 */
@MandatIntegrationTest
class FederationBenchmark {

	private static final int SECONDS = Integer.getInteger("bench.seconds", 20);

	private static final int CLIENTS = Integer.getInteger("bench.clients", 8);

	private static final int BATCH = Integer.getInteger("bench.batch", 300);

	private static final String KEYCLOAK_CLIENT = "bench-client-credentials";

	private static final String KEYCLOAK_SECRET = "bench-client-credentials-secret";

	@Autowired
	private ApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void measure() throws Exception {
		new KeycloakAdmin().ensureServiceClient(KEYCLOAK_CLIENT, KEYCLOAK_SECRET);
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.LUCAS, "Mairie de Saint-Aubin",
				List.of("social", "famille"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		String loadBefore = loadAverage();
		Instant started = Instant.now();
		Side mandat = new Side();
		Side keycloak = new Side();
		Side warmMandat = new Side();
		Side warmKeycloak = new Side();
		long preparation = 0;
		int rounds = 0;
		while (mandat.nanos < SECONDS * 1_000_000_000L) {
			long preparing = System.nanoTime();
			List<HttpRequest> exchanges = prepare(pool, lucas, mandate);
			preparation += System.nanoTime() - preparing;
			Side mandatRound = (rounds == 0) ? warmMandat : mandat;
			Side keycloakRound = (rounds == 0) ? warmKeycloak : keycloak;
			long took = run(pool, new ConcurrentLinkedQueue<>(exchanges)::poll, 0, mandatRound);
			run(pool, this::keycloakRequest, took, keycloakRound);
			rounds++;
		}
		pool.shutdown();
		pool.awaitTermination(1, TimeUnit.MINUTES);
		String report = String.format(Locale.ROOT, """
				Run at %s on %d cores, Java %s; load average %s at the start, %s at the end. %d client threads, \
				%d measured rounds (plus one of warm-up) of %d codes; preparing the codes took %d s in all.

				| what | requests | failures | per second | p50 | p99 |
				|---|---|---|---|---|---|
				| Mandat: code exchange → ID token (`private_key_jwt`, PKCE, mandate checked, journaled, ES256) | %s |
				| Keycloak 26: client credentials, confidential client (`client_secret_post`, RS256 access token) | %s |
				| **ratio Mandat / Keycloak** | | | **%.2f** | | |
				""", started, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
				loadBefore, loadAverage(), CLIENTS, rounds - 1, BATCH, TimeUnit.NANOSECONDS.toSeconds(preparation),
				mandat.row(), keycloak.row(), mandat.perSecond() / keycloak.perSecond());
		Path out = Path.of("target/benchmarks/federation.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report, StandardCharsets.UTF_8);
		System.out.println("\n" + report);
	}

	/**
	 * A batch of codes, each with its exchange request built (the client assertion signed
	 * now, not while timing).
	 */
	private List<HttpRequest> prepare(ExecutorService pool, StaffHttp aidant, UUID mandate) throws Exception {
		AtomicInteger left = new AtomicInteger(BATCH);
		List<Future<List<HttpRequest>>> futures = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			futures.add(pool.submit(() -> {
				List<HttpRequest> requests = new ArrayList<>();
				while (left.getAndDecrement() > 0) {
					NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
					AuthorizationCode code = caf.code(FederationSignInTests.choose(aidant, caf.push(), mandate));
					var nimbus = caf.exchangeRequest(code);
					requests.add(HttpRequest.newBuilder(nimbus.getURI())
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString(nimbus.getBody()))
						.build());
				}
				return requests;
			}));
		}
		List<HttpRequest> all = new ArrayList<>();
		for (Future<List<HttpRequest>> future : futures) {
			all.addAll(future.get());
		}
		return all;
	}

	private HttpRequest keycloakRequest() {
		return HttpRequest
			.newBuilder(URI.create(TestPorts.keycloakUrl() + "/realms/mandat/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(
					"grant_type=client_credentials&client_id=" + KEYCLOAK_CLIENT + "&client_secret=" + KEYCLOAK_SECRET))
			.build();
	}

	/**
	 * Sends requests from every client thread until the supplier has none left (or, with
	 * a duration, until it has passed); returns the elapsed time in nanoseconds.
	 */
	private long run(ExecutorService pool, Supplier<HttpRequest> requests, long nanos, Side side) throws Exception {
		long start = System.nanoTime();
		long end = start + nanos;
		List<Future<?>> futures = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			futures.add(pool.submit(() -> {
				while (nanos == 0 || System.nanoTime() < end) {
					HttpRequest request = requests.get();
					if (request == null) {
						return null;
					}
					long sent = System.nanoTime();
					HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
					side.record(System.nanoTime() - sent,
							response.statusCode() == 200 && response.body().contains("access_token"));
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		long took = System.nanoTime() - start;
		side.add(took);
		return took;
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	/** What one side did: latencies of the successful requests, failures, time. */
	private static final class Side {

		private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

		private final AtomicInteger failures = new AtomicInteger();

		private long nanos;

		void record(long latency, boolean ok) {
			if (ok) {
				this.latencies.add(latency);
			}
			else {
				this.failures.incrementAndGet();
			}
		}

		void add(long took) {
			this.nanos += took;
		}

		double perSecond() {
			return this.latencies.size() / (this.nanos / 1e9);
		}

		String row() {
			List<Long> sorted = new ArrayList<>(this.latencies);
			Collections.sort(sorted);
			return String.format(Locale.ROOT, "%d | %d | %.0f | %.1f ms | %.1f ms", sorted.size(), this.failures.get(),
					perSecond(), percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
		}

		private static long percentile(List<Long> sorted, int p) {
			if (sorted.isEmpty()) {
				return 0;
			}
			return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
		}

	}

}
