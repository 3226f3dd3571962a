package fr.mandat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalAudit;
import fr.mandat.journal.JournalQuery;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.VerificationBaselines;
import fr.mandat.journal.VerificationReport;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.OwnerDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Not a test: measures the journal on this machine and writes
 * {@code target/benchmarks/journal.md}. Run it alone, against a durable PostgreSQL (see
 * docs/benchmarks.md):
 * {@code ./mvnw test -Dtest=JournalBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dmandat.local.durable=true}.
 * Needs {@code pgbench} on the PATH (the embedded PostgreSQL does not ship it; Debian's
 * {@code postgresql-15} package does). Options: {@code -Dbench.seconds} (20 per writer
 * count), {@code -Dbench.writers.low} and {@code -Dbench.writers} (4 and 16),
 * {@code -Dbench.entries} (journal size for the verification, 200,000),
 * {@code -Dbench.search.entries} (journal size for the searches, 10,000,000; 0 to skip
 * them).
 * <p>
 * In one run: appends beside pgbench doing the same two-row insert transaction with as
 * many clients (interleaved rounds, {@code -Dbench.append.rounds}, 3), pgbench with a
 * {@code NOTIFY} and with the two rows in one statement, the sequencer's batches by
 * phase, integration and witnessing delays, the full verification beside the bound of
 * reading the same rows and hashing them and beside the previous verifier, and searches
 * over a large journal. The connection pool holds one connection per writer, as pgbench
 * has one per client.
 */
@MandatIntegrationTest
@TestPropertySource(properties = "spring.datasource.hikari.maximum-pool-size=40")
class JournalBenchmark {

	private static final int SECONDS = Integer.getInteger("bench.seconds", 20);

	private static final List<Integer> WRITERS = List.of(Integer.getInteger("bench.writers.low", 4),
			Integer.getInteger("bench.writers", 16));

	private static final long ENTRIES = Long.getLong("bench.entries", 200_000L);

	private static final int ROUNDS = 3;

	private static final int APPEND_ROUNDS = Integer.getInteger("bench.append.rounds", 3);

	private static final long SEARCH_ENTRIES = Long.getLong("bench.search.entries", 10_000_000L);

	private static final String PGBENCH_SCRIPT = """
			\\set n random(1, 9000000000000000000)
			BEGIN;
			INSERT INTO bench.journal_entry (id, recorded_at, action, actor_type, payload)
			VALUES (md5((:n)::text)::uuid, now(), 'DEMARCHE_REQUESTED', 'SYSTEM', '{"bench":true}');
			INSERT INTO bench.journal_pending (entry_id) VALUES (md5((:n)::text)::uuid);
			COMMIT;
			""";

	/** The same two rows in one statement, as Journal.record writes them. */
	private static final String PGBENCH_ONE_STATEMENT_SCRIPT = """
			\\set n random(1, 9000000000000000000)
			BEGIN;
			WITH entry AS (INSERT INTO bench.journal_entry (id, recorded_at, action, actor_type, payload)
			VALUES (md5((:n)::text)::uuid, now(), 'DEMARCHE_REQUESTED', 'SYSTEM', '{"bench":true}') RETURNING id)
			INSERT INTO bench.journal_pending (entry_id) SELECT id FROM entry;
			COMMIT;
			""";

	/** The same transaction with a NOTIFY, as a LISTEN/NOTIFY wake-up would need. */
	private static final String PGBENCH_NOTIFY_SCRIPT = PGBENCH_SCRIPT.replace("COMMIT;",
			"NOTIFY journal_bench;\nCOMMIT;");

	@Autowired
	private Journal journal;

	@Autowired
	private JournalAudit audit;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Environment environment;

	@Autowired
	private MeterRegistry meters;

	@Test
	void measure() throws Exception {
		StringBuilder report = new StringBuilder();
		report.append("Run at ")
			.append(Instant.now())
			.append(" on ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, Java ")
			.append(System.getProperty("java.version"))
			.append(", PostgreSQL fsync=")
			.append(this.jdbc.sql("SHOW fsync").query(String.class).single())
			.append(", synchronous_commit=")
			.append(this.jdbc.sql("SHOW synchronous_commit").query(String.class).single())
			.append(", load average ")
			.append(loadAverage())
			.append("\n\n");
		List<String> witnessRows = new ArrayList<>();
		List<String> notifyRows = new ArrayList<>();
		List<String> phaseRows = new ArrayList<>();
		report.append(String.format(Locale.ROOT,
				"Appends and pgbench interleaved, %d rounds of %d s each; medians of the rounds, "
						+ "latencies pooled over the rounds:%n%n",
				APPEND_ROUNDS, SECONDS));
		report.append("| writers | Mandat appends/s | commit p50 | commit p99 | integration p50 | integration p99 "
				+ "| pgbench tx/s (same two rows) | pgbench p50 | pgbench p99 | **Mandat / pgbench** "
				+ "| rounds (Mandat/pgbench) |\n");
		report.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (int writers : WRITERS) {
			report.append(appends(writers, witnessRows, notifyRows, phaseRows)).append('\n');
		}
		report.append("\nSequencing batches during the appends (mean ms per batch and phase, "
				+ "`mandat.journal.sequencer.phase`):\n\n");
		report.append("| writers | batches | entries/batch | lock | take | resume | hash | write | sign | commit "
				+ "| total |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
		phaseRows.forEach(row -> report.append(row).append('\n'));
		report.append("\npgbench variants in the same rounds: the same transaction with a `NOTIFY` before its "
				+ "`COMMIT` (what waking the sequencer by LISTEN/NOTIFY would add to every append), and the two "
				+ "rows in one statement (`WITH … INSERT … RETURNING`, as `Journal.record` writes them):\n\n");
		report.append("| clients | pgbench tx/s | p99 | with NOTIFY tx/s | p99 | **NOTIFY / plain** "
				+ "| one statement tx/s | p99 | **Mandat / one-statement pgbench** |\n"
				+ "|---|---|---|---|---|---|---|---|---|\n");
		notifyRows.forEach(row -> report.append(row).append('\n'));
		report.append("\nWitnessing (two local witnesses, both required):\n\n");
		report
			.append("| writers | checkpoint signed → witnessed p50 | p99 | entry committed → witnessed p50 | p99 |\n");
		report.append("|---|---|---|---|---|\n");
		witnessRows.forEach(row -> report.append(row).append('\n'));
		report.append('\n').append(verification()).append('\n');
		report.append('\n').append(openssl()).append('\n');
		if (SEARCH_ENTRIES > 0) {
			report.append('\n').append(searches()).append('\n');
		}
		Path out = Path.of("target/benchmarks/journal.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
		System.out.println("\n" + report);
	}

	/**
	 * Rounds, each: writers append through Journal.record in their own transactions for a
	 * fixed time (then the sequencer and the witnesses catch up), then pgbench runs the
	 * same two-row insert transaction with as many clients, then the same with a NOTIFY.
	 * Interleaving the rounds spreads the load of the shared machine over the three; the
	 * median round of each is reported.
	 */
	private String appends(int writers, List<String> witnessRows, List<String> notifyRows, List<String> phaseRows)
			throws Exception {
		Map<String, double[]> phasesBefore = phases();
		Instant started = Instant.now();
		List<Sample> samples = new ArrayList<>();
		List<Double> rates = new ArrayList<>();
		List<Pgbench> plain = new ArrayList<>();
		List<Pgbench> notifying = new ArrayList<>();
		List<Pgbench> oneStatement = new ArrayList<>();
		for (int round = 0; round < APPEND_ROUNDS; round++) {
			List<Sample> roundSamples = appendRound(writers);
			samples.addAll(roundSamples);
			rates.add(roundSamples.size() / (double) SECONDS);
			awaitWitnessed(roundSamples.get(roundSamples.size() - 1).id());
			plain.add(pgbench(writers, PGBENCH_SCRIPT));
			notifying.add(pgbench(writers, PGBENCH_NOTIFY_SCRIPT));
			oneStatement.add(pgbench(writers, PGBENCH_ONE_STATEMENT_SCRIPT));
		}
		Instant finished = Instant.now();
		Map<String, double[]> phasesAfter = phases();
		List<Long> commits = samples.stream().map(s -> s.commitNanos() / 1_000).sorted().toList();
		List<Sample> chosen = new ArrayList<>(samples);
		Collections.shuffle(chosen);
		chosen = chosen.subList(0, Math.min(5_000, chosen.size()));
		List<Long> integration = delays(chosen, "journal_checkpoint", "created_at");
		List<Long> witnessed = delays(chosen, "journal_witnessed", "witnessed_at");
		List<Long> signedToWitnessed = this.jdbc.sql("""
				SELECT (extract(epoch FROM w.witnessed_at - c.created_at) * 1000)::bigint
				FROM journal_witnessed w JOIN journal_checkpoint c ON c.tree_size = w.tree_size
				WHERE c.created_at BETWEEN :from AND :to ORDER BY 1
				""")
			.param("from", Timestamp.from(started))
			.param("to", Timestamp.from(finished))
			.query(Long.class)
			.list();
		witnessRows.add("| " + writers + " | " + percentile(signedToWitnessed, 50) + " ms | "
				+ percentile(signedToWitnessed, 99) + " ms | " + percentile(witnessed, 50) + " ms | "
				+ percentile(witnessed, 99) + " ms |");
		phaseRows.add(phaseRow(writers, phasesBefore, phasesAfter, samples.size()));
		double rate = median(rates);
		double pgbench = median(plain.stream().map(Pgbench::perSecond).toList());
		double notify = median(notifying.stream().map(Pgbench::perSecond).toList());
		double single = median(oneStatement.stream().map(Pgbench::perSecond).toList());
		List<Long> pgLatencies = pooled(plain);
		List<Long> notifyLatencies = pooled(notifying);
		notifyRows.add("| " + writers + " | " + Math.round(pgbench) + " | " + millis(percentile(pgLatencies, 99))
				+ " ms | " + Math.round(notify) + " | " + millis(percentile(notifyLatencies, 99)) + " ms | **"
				+ String.format(Locale.ROOT, "%.2f", notify / pgbench) + "** | " + Math.round(single) + " | "
				+ millis(percentile(pooled(oneStatement), 99)) + " ms | **"
				+ String.format(Locale.ROOT, "%.2f", rate / single) + "** |");
		StringBuilder ratios = new StringBuilder();
		for (int round = 0; round < rates.size(); round++) {
			ratios.append(round > 0 ? ", " : "")
				.append(Math.round(rates.get(round)))
				.append('/')
				.append(Math.round(plain.get(round).perSecond()))
				.append(String.format(Locale.ROOT, " = %.2f", rates.get(round) / plain.get(round).perSecond()));
		}
		return "| " + writers + " | " + Math.round(rate) + " | " + millis(percentile(commits, 50)) + " ms | "
				+ millis(percentile(commits, 99)) + " ms | " + percentile(integration, 50) + " ms | "
				+ percentile(integration, 99) + " ms | " + Math.round(pgbench) + " | "
				+ millis(percentile(pgLatencies, 50)) + " ms | " + millis(percentile(pgLatencies, 99)) + " ms | **"
				+ String.format(Locale.ROOT, "%.2f", rate / pgbench) + "** | " + ratios + " |";
	}

	private List<Sample> appendRound(int writers) throws Exception {
		Instant end = Instant.now().plusSeconds(SECONDS);
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		List<Future<List<Sample>>> futures = new ArrayList<>();
		for (int w = 0; w < writers; w++) {
			futures.add(pool.submit(() -> {
				List<Sample> samples = new ArrayList<>();
				while (Instant.now().isBefore(end)) {
					long start = System.nanoTime();
					UUID id = this.transactions.execute(status -> this.journal
						.record(JournalRecord.of(Actor.system(), JournalAction.DEMARCHE_REQUESTED)
							.withPayload(Map.of("bench", true))));
					samples.add(new Sample(id, Instant.now(), System.nanoTime() - start));
				}
				return samples;
			}));
		}
		List<Sample> samples = new ArrayList<>();
		for (Future<List<Sample>> future : futures) {
			samples.addAll(future.get());
		}
		pool.shutdown();
		pool.awaitTermination(1, TimeUnit.MINUTES);
		samples.sort(Comparator.comparing(Sample::committed));
		return samples;
	}

	/** Per sequencer phase: count and total time in ms, from the application's timers. */
	private Map<String, double[]> phases() {
		Map<String, double[]> phases = new java.util.LinkedHashMap<>();
		for (Timer timer : this.meters.find("mandat.journal.sequencer.phase").timers()) {
			phases.put(timer.getId().getTag("phase"),
					new double[] { timer.count(), timer.totalTime(TimeUnit.MILLISECONDS) });
		}
		return phases;
	}

	private static String phaseRow(int writers, Map<String, double[]> before, Map<String, double[]> after,
			int entries) {
		double batches = after.get("commit")[0] - before.get("commit")[0];
		StringBuilder row = new StringBuilder("| " + writers + " | " + Math.round(batches) + " | "
				+ Math.round(entries / Math.max(1, batches)) + " |");
		double total = 0;
		for (String phase : List.of("lock", "take", "resume", "hash", "write", "sign", "commit")) {
			double[] from = before.get(phase);
			double[] to = after.get(phase);
			double mean = (to[1] - from[1]) / Math.max(1, to[0] - from[0]);
			total += mean;
			row.append(String.format(Locale.ROOT, " %.1f |", mean));
		}
		return row.append(String.format(Locale.ROOT, " **%.1f** |", total)).toString();
	}

	private static String variant(String transaction) {
		return transaction.contains("NOTIFY") ? "-notify" : transaction.contains("WITH") ? "-one-statement" : "";
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	private static List<Long> pooled(List<Pgbench> runs) {
		List<Long> all = new ArrayList<>();
		runs.forEach(run -> all.addAll(run.latencies()));
		Collections.sort(all);
		return all;
	}

	/** From commit to the first row of the table covering the entry, in ms, sorted. */
	private List<Long> delays(List<Sample> samples, String table, String column) {
		List<Long> delays = new ArrayList<>();
		for (Sample sample : samples) {
			Timestamp at = this.jdbc.sql("SELECT (SELECT t." + column + " FROM " + table
					+ " t WHERE t.tree_size > l.idx ORDER BY t.tree_size LIMIT 1) FROM journal_leaf l WHERE l.entry_id = :id")
				.param("id", sample.id())
				.query(Timestamp.class)
				.single();
			delays.add(Math.max(0, Duration.between(sample.committed(), at.toInstant()).toMillis()));
		}
		Collections.sort(delays);
		return delays;
	}

	private Pgbench pgbench(int clients, String transaction) throws IOException, InterruptedException {
		String url = this.environment.getRequiredProperty("spring.datasource.url");
		String user = this.environment.getRequiredProperty("spring.flyway.user");
		String password = this.environment.getRequiredProperty("spring.flyway.password");
		try (Connection owner = OwnerDatabase.connect(this.environment);
				Statement statement = owner.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS bench CASCADE");
			statement.execute("CREATE SCHEMA bench");
			for (String table : List.of("journal_entry", "journal_pending")) {
				statement.execute("CREATE TABLE bench." + table + " (LIKE public." + table
						+ " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
			}
			statement.execute("ALTER TABLE bench.journal_pending ADD FOREIGN KEY (entry_id) "
					+ "REFERENCES bench.journal_entry (id)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		Path directory = Path.of("target/benchmarks/pgbench-journal-" + clients + variant(transaction))
			.toAbsolutePath();
		Files.createDirectories(directory);
		try (Stream<Path> old = Files.list(directory)) {
			old.forEach(file -> file.toFile().delete());
		}
		Path script = directory.resolve("append.sql");
		Files.writeString(script, transaction);
		Matcher address = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)").matcher(url);
		if (!address.find()) {
			throw new IllegalStateException(url);
		}
		ProcessBuilder builder = new ProcessBuilder("pgbench", "-n", "-h", address.group(1), "-p", address.group(2),
				"-U", user, "-c", Integer.toString(clients), "-j", "2", "-T", Integer.toString(SECONDS), "-f",
				script.toString(), "-l", "--log-prefix=" + directory.resolve("log"), address.group(3))
			.directory(directory.toFile())
			.redirectErrorStream(true);
		builder.environment().put("PGPASSWORD", password);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException(output);
		}
		Files.writeString(directory.resolve("output.txt"), output);
		Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(output);
		if (!tps.find()) {
			throw new IllegalStateException(output);
		}
		List<Long> latencies = new ArrayList<>();
		try (Stream<Path> logs = Files.list(directory)) {
			for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("log")).toList()) {
				for (String line : Files.readAllLines(log)) {
					latencies.add(Long.parseLong(line.split(" ")[2]));
				}
			}
		}
		Collections.sort(latencies);
		try (Connection owner = OwnerDatabase.connect(this.environment);
				Statement statement = owner.createStatement()) {
			statement.execute("DROP SCHEMA bench CASCADE");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return new Pgbench(Double.parseDouble(tps.group(1)), latencies);
	}

	/**
	 * Fills the journal up to ENTRIES (bulk insert, then the real sequencer), then
	 * measures in the same run: the bound (COPY of the same rows and SHA-256 of their
	 * bytes), the previous verifier and the full verification.
	 */
	private String verification() throws Exception {
		long existing = this.jdbc.sql("SELECT count(*) FROM journal_entry").query(Long.class).single();
		long missing = Math.max(0, ENTRIES - existing);
		Instant filling = Instant.now();
		try (Connection owner = OwnerDatabase.connect(this.environment);
				Statement statement = owner.createStatement()) {
			statement
				.execute("CREATE TEMP TABLE bench_ids AS SELECT gen_random_uuid() AS id, n FROM generate_series(1, "
						+ missing + ") n");
			statement.execute(
					"""
							INSERT INTO journal_entry (id, recorded_at, action, actor_type, actor_id, structure_id, usager_ref, payload)
							SELECT id, date_trunc('milliseconds', now()) + n * interval '1 microsecond', 'DEMARCHE_REQUESTED',
							       'AIDANT', md5('a' || (n % 2000))::uuid::text, md5('s' || (n % 100))::uuid,
							       'usager-' || (n % 50000), '{"bench":true,"digest":"' || md5(n::text) || '"}'
							FROM bench_ids ORDER BY n""");
			statement.execute("INSERT INTO journal_pending (entry_id) SELECT id FROM bench_ids ORDER BY n");
		}
		long total = existing + missing;
		awaitLeaves(total);
		Duration sequencing = Duration.between(filling, Instant.now());
		VerificationBaselines baselines = new VerificationBaselines(this.dataSource, this.jdbc,
				this.transactionManager);
		// Warm up each code path once, then measure them in turn, three rounds, and keep
		// each one's median: the machine is shared, a load spike then hits all three.
		this.audit.verify(Actor.system());
		baselines.readAndHashBound();
		baselines.previousVerification();
		List<VerificationBaselines.Measure> bounds = new ArrayList<>();
		List<VerificationBaselines.Measure> previousRuns = new ArrayList<>();
		List<VerificationReport> reports = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			bounds.add(baselines.readAndHashBound());
			previousRuns.add(baselines.previousVerification());
			reports.add(this.audit.verify(Actor.system()));
		}
		bounds.sort(Comparator.comparing(VerificationBaselines.Measure::duration));
		previousRuns.sort(Comparator.comparing(VerificationBaselines.Measure::duration));
		reports.sort(Comparator.comparing(VerificationReport::duration));
		VerificationBaselines.Measure bound = bounds.get(ROUNDS / 2);
		VerificationBaselines.Measure previous = previousRuns.get(ROUNDS / 2);
		VerificationReport report = reports.get(ROUNDS / 2);
		double rate = report.entriesChecked() / Math.max(0.001, report.duration().toNanos() / 1e9);
		String rounds = String.format(Locale.ROOT, "bound %s, previous %s, verification %s (ms)",
				bounds.stream().map(m -> Long.toString(m.duration().toMillis())).toList(),
				previousRuns.stream().map(m -> Long.toString(m.duration().toMillis())).toList(),
				reports.stream().map(r -> Long.toString(r.duration().toMillis())).toList());
		boolean allValid = reports.stream().allMatch(VerificationReport::valid);
		List<String> planLines = this.transactions
			.execute(status -> this.jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + VerificationBaselines.query())
				.query(String.class)
				.list());
		String plan = String.join("\n", (planLines != null) ? planLines : List.of());
		Files.writeString(Path.of("target/benchmarks/verification-plan.txt"), plan);
		return String.format(Locale.ROOT,
				"""
						Full verification of a %d-entry journal (%d checkpoints), same run, median of %d rounds
						(each path warmed up once first; all rounds, sorted: %s):

						| what | time | entries/s |
						|---|---|---|
						| bound: `COPY` of the verification's rows (binary) + SHA-256 of the same bytes (%.0f MB) | %d ms | %.0f |
						| previous verifier (chunks of 5,000 via JDBC, Jackson + RFC 8785, then hashing) | %d ms | %.0f |
						| **full verification** (valid in every round: %s) | %d ms | **%.0f** |

						Verification / bound: **%.2f**; verification / previous: **%.1f×**. Filling the journal (bulk insert of %d
						entries, then the sequencer): %d s, about %d entries/s sequenced.""",
				report.entriesChecked(), report.checkpoints(), ROUNDS, rounds, bound.bytes() / 1e6,
				bound.duration().toMillis(), bound.perSecond(), previous.duration().toMillis(), previous.perSecond(),
				allValid, report.duration().toMillis(), rate, rate / bound.perSecond(), rate / previous.perSecond(),
				missing, sequencing.toSeconds(), missing / Math.max(1, sequencing.toSeconds()));
	}

	/**
	 * Adds entries straight into journal_entry up to SEARCH_ENTRIES (not sequenced:
	 * searching needs no tree; done last, as unsequenced rows make verification fail),
	 * then times the auditors' searches, first page and next page.
	 */
	private String searches() throws Exception {
		long existing = this.jdbc.sql("SELECT count(*) FROM journal_entry").query(Long.class).single();
		long missing = Math.max(0, SEARCH_ENTRIES - existing);
		Instant filling = Instant.now();
		try (Connection owner = OwnerDatabase.connect(this.environment);
				Statement statement = owner.createStatement()) {
			List<String> indexes = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery("SELECT indexname, indexdef FROM pg_indexes "
					+ "WHERE tablename = 'journal_entry' AND indexname <> 'journal_entry_pkey'")) {
				while (rs.next()) {
					indexes.add(rs.getString(2));
					statement.getConnection().createStatement().execute("DROP INDEX " + rs.getString(1));
				}
			}
			long chunk = 1_000_000;
			for (long from = 0; from < missing; from += chunk) {
				statement.execute(String
					.format(Locale.ROOT,
							"""
									INSERT INTO journal_entry (id, recorded_at, action, actor_type, actor_id, structure_id,
									                           mandate_id, usager_ref, demarche, payload)
									SELECT md5('search' || n)::uuid, timestamptz '2026-01-01 00:00:00+00' + n * interval '3 seconds',
									       (enum_range(NULL::text[]))[1], 'AIDANT', md5('a' || (n %% 20000))::uuid::text,
									       md5('s' || (n %% 1000))::uuid,
									       CASE WHEN n %% 3 = 0 THEN md5('m' || (n %% 500000))::uuid END,
									       'usager-' || (n %% 1000000),
									       CASE WHEN n %% 5 = 0 THEN 'copie-avis-imposition' END, '{"bench":true}'
									FROM generate_series(%d, %d) n""",
							from, Math.min(missing, from + chunk) - 1)
					.replace("(enum_range(NULL::text[]))[1]", actionExpression()));
			}
			for (String index : indexes) {
				statement.execute(index);
			}
			statement.execute("ANALYZE journal_entry");
		}
		Duration fill = Duration.between(filling, Instant.now());
		long total = this.jdbc.sql("SELECT count(*) FROM journal_entry").query(Long.class).single();
		StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
				"Searches over a journal of %,d entries (%,d added in %d s by bulk insert, indexes rebuilt after):%n%n",
				total, missing, fill.toSeconds()));
		report.append("| search (first page of 50, newest first) | p50 | max | next page p50 |\n|---|---|---|---|\n");
		UUID structure = this.jdbc.sql("SELECT md5('s' || 7)::uuid").query(UUID.class).single();
		String aidant = this.jdbc.sql("SELECT md5('a' || 42)::uuid::text").query(String.class).single();
		Instant monthStart = Instant.parse("2026-06-01T00:00:00Z");
		Instant monthEnd = Instant.parse("2026-07-01T00:00:00Z");
		search(report, "by usager (about 10 entries)",
				() -> query(null, null, "usager-123456", null, null, null, null));
		search(report, "by structure (about 10,000 entries)",
				() -> query(structure, null, null, null, null, null, null));
		search(report, "by structure, action and one month",
				() -> query(structure, null, null, null, JournalAction.SIGNED_IN, monthStart, monthEnd));
		search(report, "by aidant and one month", () -> query(null, aidant, null, null, null, monthStart, monthEnd));
		search(report, "by action (about 300,000 entries)",
				() -> query(null, null, null, null, JournalAction.MANDATE_SIGNED, null, null));
		search(report, "by démarche and one month",
				() -> query(null, null, null, "copie-avis-imposition", null, monthStart, monthEnd));
		search(report, "no criterion", () -> query(null, null, null, null, null, null, null));
		return report.toString();
	}

	private static String actionExpression() {
		StringBuilder array = new StringBuilder("(ARRAY[");
		JournalAction[] actions = JournalAction.values();
		for (int i = 0; i < actions.length; i++) {
			array.append(i > 0 ? "," : "").append('\'').append(actions[i].name()).append('\'');
		}
		return array.append("])[1 + n % ").append(actions.length).append(']').toString();
	}

	private static JournalQuery query(UUID structure, String aidant, String usager, String demarche,
			JournalAction action, Instant from, Instant until) {
		return new JournalQuery(structure, aidant, usager, demarche, action, from, until, 50, null);
	}

	private void search(StringBuilder report, String what, Supplier<JournalQuery> query) {
		List<Long> first = new ArrayList<>();
		List<Long> next = new ArrayList<>();
		for (int run = 0; run < 11; run++) {
			long start = System.nanoTime();
			var page = this.audit.search(query.get(), Actor.system());
			long elapsed = (System.nanoTime() - start) / 1_000;
			if (page.next() != null) {
				JournalQuery q = query.get();
				long second = System.nanoTime();
				this.audit.search(new JournalQuery(q.structureId(), q.actorId(), q.usagerRef(), q.demarche(),
						q.action(), q.from(), q.until(), q.size(), page.next()), Actor.system());
				if (run > 0) {
					next.add((System.nanoTime() - second) / 1_000);
				}
			}
			if (run > 0) {
				first.add(elapsed);
			}
		}
		Collections.sort(first);
		Collections.sort(next);
		report.append("| ")
			.append(what)
			.append(" | ")
			.append(millis(percentile(first, 50)))
			.append(" ms | ")
			.append(millis(first.get(first.size() - 1)))
			.append(" ms | ")
			.append(next.isEmpty() ? "—" : millis(percentile(next, 50)) + " ms")
			.append(" |\n");
	}

	private String openssl() throws IOException, InterruptedException {
		Process process = new ProcessBuilder("openssl", "speed", "-seconds", "3", "-evp", "sha256")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		String table = output.lines()
			.filter(l -> l.startsWith("type") || l.toLowerCase(Locale.ROOT).startsWith("sha256"))
			.reduce("", (a, b) -> a + b + "\n");
		return "`openssl speed -seconds 3 -evp sha256` in the same run (bytes/s by block size, in thousands):\n\n```\n"
				+ table + "```";
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	private void awaitWitnessed(UUID id) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
		while (this.jdbc
			.sql("SELECT count(*) FROM journal_leaf l WHERE l.entry_id = :id "
					+ "AND EXISTS (SELECT 1 FROM journal_witnessed w WHERE w.tree_size > l.idx)")
			.param("id", id)
			.query(Long.class)
			.single() == 0 && Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
		}
	}

	private void awaitLeaves(long count) throws InterruptedException {
		while (this.jdbc.sql("SELECT coalesce(max(idx) + 1, 0) FROM journal_leaf").query(Long.class).single() < count) {
			Thread.sleep(500);
		}
		Thread.sleep(1500);
	}

	private static String millis(long micros) {
		return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
	}

	private static long percentile(List<Long> sorted, int p) {
		if (sorted.isEmpty()) {
			return 0;
		}
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
	}

	private record Sample(UUID id, Instant committed, long commitNanos) {
	}

	private record Pgbench(double perSecond, List<Long> latencies) {
	}

}
