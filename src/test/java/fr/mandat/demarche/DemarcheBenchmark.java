package fr.mandat.demarche;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import fr.mandat.local.LocalHttpServers;
import fr.mandat.local.TestPorts;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.structure.AidantFixtures;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: measures démarche executions (the whole path: checks under lock, journal,
 * delegation token, HTTP call to a zero-latency partner, answer journaled) at 16 and 64
 * concurrent clients, then runs pgbench on the same PostgreSQL with the same row writes
 * per execution, and writes {@code target/benchmarks/demarche.md}. Run it alone (see
 * docs/benchmarks.md):
 * {@code ./mvnw test -Dtest=DemarcheBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.seconds=20} per measurement by default; {@code -Dbench.mandates=spread}
 * gives each client an aidant and a mandate of its own; needs {@code pgbench} on the
 * PATH, Debian's postgresql-client).
 */
@MandatIntegrationTest
class DemarcheBenchmark {

	/** The zero-latency partner's port, beside the run's other ports. */
	static final int PORT = TestPorts.of(8299);

	@DynamicPropertySource
	static void zeroLatencyPartnerAddress(DynamicPropertyRegistry registry) {
		registry.add("mandat.demarche.partners.impots.base-url", () -> "http://localhost:" + PORT);
		// The service's own witnessing pace, not the test runs' faster one
		// (LocalInfrastructure): the rounds run in this JVM beside the démarches.
		registry.add("mandat.journal.witness-interval", () -> "250ms");
		registry.add("mandat.journal.public-checkpoint-cache", () -> "1s");
	}

	/**
	 * The zero-latency partner: answers every démarche at once (the WireMock simulators
	 * of the tests, with their request journal and matching, would be the bottleneck).
	 */
	private static final HttpServer PARTNER = zeroLatencyPartner();

	private static final int SECONDS = Integer.getInteger("bench.seconds", 20);

	/**
	 * Executions before each measurement, not counted: on two cores the JIT needs about
	 * ten seconds; with 3 s, the first measurement of a run came out at half the rate of
	 * the same one measured later in the run.
	 */
	private static final int WARM_UP_SECONDS = Integer.getInteger("bench.warmup", 12);

	/**
	 * Executions at 4 clients before the first measurement, not counted. Two cores busy
	 * with 16 clients leave the JIT compiler little time: in one run, three measurements
	 * at 16 clients one after the other (each after its own 12 s warm-up) gave 434, 393
	 * and 736 démarches a second. At 4 clients the compiler gets its share of the cores.
	 */
	private static final int FIRST_WARM_UP_SECONDS = Integer.getInteger("bench.warmup.first", 40);

	/** The concurrencies, or others ({@code -Dbench.clients=1,16,64}). */
	private static final int[] CLIENTS = java.util.Arrays
		.stream(System.getProperty("bench.clients", "16,64").split(","))
		.mapToInt(c -> Integer.parseInt(c.trim()))
		.toArray();

	/**
	 * Whether every client acts for Camille under one mandate ({@code one}: the rows the
	 * checks lock are the same for all, the worst case) or each client is an aidant of
	 * its own with a mandate of its own ({@code spread}: counters side by side).
	 */
	private static final boolean SPREAD = "spread".equals(System.getProperty("bench.mandates", "one"));

	private static final String VILLENEUVE = "France Services de Villeneuve";

	private static final UUID VILLENEUVE_ID = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000001");

	private static final UUID CAMILLE = UUID.fromString("7d2f9a10-0000-4000-8000-000000000001");

	/** One execution's row writes: two transactions, three rows each. */
	private static final String PGBENCH_SCRIPT = """
			\\set n random(1, 9000000000000000000)
			BEGIN;
			INSERT INTO bench.demarche_execution (id, demarche, partner, mandate_id, usager_id, aidant_id, structure_id,
			  input, status, requested_at, next_reconcile_at, usager_pseudonym, structure_siret)
			VALUES (md5((:n)::text)::uuid, 'copie-avis-imposition', 'impots', gen_random_uuid(), gen_random_uuid(),
			  gen_random_uuid(), gen_random_uuid(), decode(repeat('a5', 90), 'hex'), 'REQUESTED', now(), now(),
			  repeat('p', 43), '12345678200010');
			WITH e AS (INSERT INTO bench.journal_entry (id, recorded_at, action, actor_type, actor_id, structure_id,
			  mandate_id, usager_ref, demarche, payload)
			  VALUES (gen_random_uuid(), now(), 'DEMARCHE_REQUESTED', 'AIDANT', gen_random_uuid()::text,
			  gen_random_uuid(), gen_random_uuid(), repeat('p', 43), 'copie-avis-imposition', repeat('x', 90)) RETURNING id)
			INSERT INTO bench.journal_pending (entry_id) SELECT id FROM e;
			COMMIT;
			BEGIN;
			UPDATE bench.demarche_execution SET status = 'ACCEPTED', completed_at = now(), partner_reference = 'AI-2026-000001',
			  partner_status = 'enregistree', response_digest = repeat('d', 43), message = repeat('m', 80),
			  next_reconcile_at = NULL
			WHERE id = md5((:n)::text)::uuid;
			WITH e AS (INSERT INTO bench.journal_entry (id, recorded_at, action, actor_type, actor_id, structure_id,
			  mandate_id, usager_ref, demarche, payload)
			  VALUES (gen_random_uuid(), now(), 'DEMARCHE_COMPLETED', 'AIDANT', gen_random_uuid()::text,
			  gen_random_uuid(), gen_random_uuid(), repeat('p', 43), 'copie-avis-imposition', repeat('x', 220)) RETURNING id)
			INSERT INTO bench.journal_pending (entry_id) SELECT id FROM e;
			COMMIT;
			""";

	@Autowired
	private DemarcheExecutions executions;

	@Autowired
	private DemarcheCatalogue catalogue;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private Environment environment;

	@Test
	void measure() throws Exception {
		MandateFixtures mandates = new MandateFixtures(this.context);
		List<Counter> counters = new ArrayList<>();
		int most = java.util.Arrays.stream(CLIENTS).max().orElse(1);
		if (SPREAD) {
			AidantFixtures aidants = new AidantFixtures(this.context);
			for (int i = 0; i < Math.max(most, 4); i++) {
				String subject = "bench-" + UUID.randomUUID();
				UUID aidant = aidants.habilitated(subject, VILLENEUVE_ID);
				counters.add(new Counter(aidant, mandates.create(subject, VILLENEUVE, List.of("argent"), 365)));
			}
		}
		else {
			counters
				.add(new Counter(CAMILLE, mandates.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"), 365)));
		}
		Demarche demarche = this.catalogue.demarche("copie-avis-imposition").orElseThrow();
		Map<String, String> input = Map.of("numeroFiscal", "1234567890123", "annee", "2025");
		StringBuilder report = new StringBuilder();
		report.append("Run at ")
			.append(Instant.now())
			.append(" on ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, Java ")
			.append(System.getProperty("java.version"))
			.append(", ")
			.append(SECONDS)
			.append(" s per measurement (after ")
			.append(FIRST_WARM_UP_SECONDS)
			.append(" s at 4 clients, then ")
			.append(WARM_UP_SECONDS)
			.append(" s before each), "
					+ (SPREAD ? "one aidant and mandate per client" : "one aidant and mandate for all clients")
					+ ", connection pool of ")
			.append(this.environment.getProperty("spring.datasource.hikari.maximum-pool-size", "?"))
			.append(", load average ")
			.append(loadAverage())
			.append(" at the start.\n\n| what | clients | per second | p50 | p99 |\n|---|---|---|---|---|\n");
		StringBuilder waits = new StringBuilder();
		run(counters, demarche, input, 4, Duration.ofSeconds(FIRST_WARM_UP_SECONDS));
		for (int clients : CLIENTS) {
			run(counters, demarche, input, clients, Duration.ofSeconds(WARM_UP_SECONDS));
			// The server's superuser (trusted on loopback) sees every role's sessions.
			SingleConnectionDataSource superuser = new SingleConnectionDataSource(
					this.environment.getRequiredProperty("spring.datasource.url"), "postgres", "", true);
			WaitSampler sampler = new WaitSampler(new JdbcTemplate(superuser));
			sampler.start();
			Measure measure = run(counters, demarche, input, clients, Duration.ofSeconds(SECONDS));
			waits.append(sampler.stopAndReport(clients));
			superuser.destroy();
			Measure pgbench = pgbench(clients);
			row(report, "Mandat: executions (checks, journal, token, partner call)", clients, measure);
			row(report, "pgbench: the same row writes (2 transactions, 6 rows)", clients, pgbench);
			report.append("| **ratio Mandat / pgbench** | ")
				.append(clients)
				.append(" | ")
				.append(String.format("%.2f", measure.perSecond() / pgbench.perSecond()))
				.append(" | | |\n");
		}
		report.append("\nLoad average ").append(loadAverage()).append(" at the end.\n");
		report.append(waits);
		PARTNER.stop(0);
		Path out = Path.of("target/benchmarks/demarche.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.println(report);
	}

	/**
	 * The machine's load (1, 5 and 15 minutes): it is shared, the figures depend on it.
	 */
	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " / " + fields[1] + " / " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static HttpServer zeroLatencyPartner() {
		try {
			HttpServer server = LocalHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT),
					256);
			byte[] answer = """
					{"reference": "AI-2026-000001", "statut": "enregistree",
					 "message": "Votre demande de copie d'avis d'impôt est enregistrée."}"""
				.getBytes(StandardCharsets.UTF_8);
			server.createContext("/", exchange -> {
				exchange.getRequestBody().readAllBytes();
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(201, answer.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer);
				}
			});
			server.setExecutor(Executors.newFixedThreadPool(8));
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An aidant and a mandate with a usager. */
	private record Counter(UUID aidant, UUID mandate) {
	}

	private Measure run(List<Counter> counters, Demarche demarche, Map<String, String> input, int clients,
			Duration duration) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		long end = System.nanoTime() + duration.toNanos();
		List<Future<List<Long>>> futures = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < clients; i++) {
			Counter counter = counters.get(i % counters.size());
			futures.add(pool.submit(() -> {
				List<Long> latencies = new ArrayList<>();
				while (System.nanoTime() < end) {
					long start = System.nanoTime();
					DemarcheExecutions.Result result = this.executions.execute(UUID.randomUUID(), counter.aidant(),
							VILLENEUVE_ID, counter.mandate(), demarche, input, false);
					latencies.add(System.nanoTime() - start);
					assertThat(result).isInstanceOfSatisfying(DemarcheExecutions.Result.Done.class,
							done -> assertThat(done.status()).isEqualTo(ExecutionStatus.ACCEPTED));
				}
				return latencies;
			}));
		}
		List<Long> all = new ArrayList<>();
		for (Future<List<Long>> future : futures) {
			all.addAll(future.get());
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		pool.shutdown();
		return Measure.of(all, all.size() / elapsed);
	}

	private JdbcTemplate ownerDatabase() {
		return new JdbcTemplate(
				new DriverManagerDataSource(this.environment.getRequiredProperty("spring.datasource.url"),
						this.environment.getRequiredProperty("spring.flyway.user"),
						this.environment.getRequiredProperty("spring.flyway.password")));
	}

	private Measure pgbench(int clients) throws IOException, InterruptedException {
		String url = this.environment.getRequiredProperty("spring.datasource.url");
		String user = this.environment.getRequiredProperty("spring.flyway.user");
		String password = this.environment.getRequiredProperty("spring.flyway.password");
		JdbcTemplate owner = ownerDatabase();
		owner.execute("DROP SCHEMA IF EXISTS bench CASCADE");
		owner.execute("CREATE SCHEMA bench");
		for (String table : List.of("demarche_execution", "journal_entry", "journal_pending")) {
			owner.execute("CREATE TABLE bench." + table + " (LIKE public." + table
					+ " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
		}
		Path directory = Path.of("target/benchmarks/pgbench-" + clients).toAbsolutePath();
		Files.createDirectories(directory);
		try (Stream<Path> old = Files.list(directory)) {
			old.forEach(file -> file.toFile().delete());
		}
		Path script = directory.resolve("execution.sql");
		Files.writeString(script, PGBENCH_SCRIPT);
		Matcher address = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)").matcher(url);
		assertThat(address.find()).as(url).isTrue();
		ProcessBuilder builder = new ProcessBuilder("pgbench", "-n", "-h", address.group(1), "-p", address.group(2),
				"-U", user, "-c", Integer.toString(clients), "-j", "2", "-T", Integer.toString(SECONDS), "-f",
				script.toString(), "-l", "--log-prefix=" + directory.resolve("log"), address.group(3))
			.directory(directory.toFile())
			.redirectErrorStream(true);
		builder.environment().put("PGPASSWORD", password);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isZero();
		Files.writeString(directory.resolve("output.txt"), output);
		Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(output);
		assertThat(tps.find()).as(output).isTrue();
		List<Long> latencies = new ArrayList<>();
		try (Stream<Path> logs = Files.list(directory)) {
			for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("log")).toList()) {
				for (String line : Files.readAllLines(log)) {
					// client_id transaction_no time(us) script_no time_epoch time_us
					String[] fields = line.split(" ");
					latencies.add(Long.parseLong(fields[2]) * 1000);
				}
			}
		}
		owner.execute("DROP SCHEMA bench CASCADE");
		return Measure.of(latencies, Double.parseDouble(tps.group(1)));
	}

	private static void row(StringBuilder report, String what, int clients, Measure measure) {
		report.append("| ")
			.append(what)
			.append(" | ")
			.append(clients)
			.append(" | ")
			.append(String.format("%.0f", measure.perSecond()))
			.append(" | ")
			.append(String.format("%.1f ms", measure.p50() / 1e6))
			.append(" | ")
			.append(String.format("%.1f ms", measure.p99() / 1e6))
			.append(" |\n");
	}

	/**
	 * What the application's database sessions are doing, sampled every 20 ms during a
	 * measurement ({@code pg_stat_activity}): on the CPU, waiting for a lock, for the
	 * client (the JVM), for I/O. Where the time goes on the database's side.
	 */
	private static final class WaitSampler {

		private final JdbcTemplate owner;

		private final Map<String, Integer> counts = new java.util.TreeMap<>();

		private final Thread thread = new Thread(this::sample, "benchmark-wait-sampler");

		private volatile boolean running = true;

		private int samples;

		WaitSampler(JdbcTemplate owner) {
			this.owner = owner;
		}

		/**
		 * Whether the server counts statements
		 * ({@code -Dmandat.local.statement-statistics=true}).
		 */
		private boolean statements;

		void start() {
			this.statements = Boolean.getBoolean("mandat.local.statement-statistics");
			if (this.statements) {
				this.owner.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
				this.owner.queryForList("SELECT pg_stat_statements_reset()");
			}
			this.thread.setDaemon(true);
			this.thread.start();
		}

		private void sample() {
			while (this.running) {
				List<String> states = this.owner.queryForList("""
						SELECT state || ' ' || coalesce(wait_event_type || ':' || wait_event, 'CPU')
						FROM pg_stat_activity
						WHERE datname = current_database() AND pid <> pg_backend_pid()
						  AND backend_type = 'client backend' AND state <> 'idle'
						""", String.class);
				synchronized (this.counts) {
					this.samples++;
					states.forEach(state -> this.counts.merge(state, 1, Integer::sum));
				}
				java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			}
		}

		String stopAndReport(int clients) throws InterruptedException {
			this.running = false;
			this.thread.join();
			StringBuilder report = new StringBuilder("\nDatabase sessions at ").append(clients)
				.append(" clients, average number in each state over ");
			synchronized (this.counts) {
				report.append(this.samples).append(" samples:\n\n| state | sessions |\n|---|---|\n");
				int total = Math.max(1, this.samples);
				this.counts.entrySet()
					.stream()
					.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
					.forEach(entry -> report.append("| ")
						.append(entry.getKey())
						.append(" | ")
						.append(String.format("%.2f", entry.getValue() / (double) total))
						.append(" |\n"));
			}
			if (this.statements) {
				report.append("\nStatements by total time (pg_stat_statements):\n\n")
					.append("| calls | total ms | mean µs | rows | statement |\n|---|---|---|---|---|\n");
				this.owner.query("""
						SELECT s.calls, s.total_exec_time, s.mean_exec_time * 1000, s.rows,
						  regexp_replace(s.query, '\\s+', ' ', 'g')
						FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
						WHERE d.datname = current_database()
						ORDER BY s.total_exec_time DESC LIMIT 25
						""", (rs, n) -> {
					String query = rs.getString(5);
					return report.append(String.format("| %d | %.0f | %.0f | %d | %s |%n", rs.getLong(1),
							rs.getDouble(2), rs.getDouble(3), rs.getLong(4),
							query.substring(0, Math.min(160, query.length())).replace("|", "\\|")));
				});
			}
			return report.toString();
		}

	}

	private record Measure(double perSecond, long p50, long p99) {

		static Measure of(List<Long> nanos, double perSecond) {
			List<Long> sorted = new ArrayList<>(nanos);
			Collections.sort(sorted);
			return new Measure(perSecond, quantile(sorted, 0.50), quantile(sorted, 0.99));
		}

		private static long quantile(List<Long> sorted, double q) {
			return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
		}

	}

}
