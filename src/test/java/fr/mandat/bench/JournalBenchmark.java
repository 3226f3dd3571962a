package fr.mandat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
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
import java.util.concurrent.TimeUnit;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalAudit;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.VerificationReport;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.OwnerDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Not a test: measures the journal on this machine and writes
 * {@code target/benchmarks/journal.md}. Run it alone (see docs/benchmarks.md):
 * {@code ./mvnw test -Dtest=JournalBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Sizes can be changed with {@code -Dbench.seconds}, {@code -Dbench.writers} and
 * {@code -Dbench.entries}.
 */
@MandatIntegrationTest
class JournalBenchmark {

	private static final int SECONDS = Integer.getInteger("bench.seconds", 20);

	private static final List<Integer> WRITERS = List.of(Integer.getInteger("bench.writers.low", 4),
			Integer.getInteger("bench.writers", 16));

	private static final long ENTRIES = Long.getLong("bench.entries", 1_000_000L);

	@Autowired
	private Journal journal;

	@Autowired
	private JournalAudit audit;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Environment environment;

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
			.append("\n\n");
		report.append(
				"| writers | appends/s | commit p50 (ms) | commit p99 (ms) | integration delay p50 (ms) | integration delay p99 (ms) |\n");
		report.append("|---|---|---|---|---|---|\n");
		for (int writers : WRITERS) {
			report.append(appends(writers)).append('\n');
		}
		report.append('\n').append(verification()).append('\n');
		report.append('\n').append(openssl()).append('\n');
		Path out = Path.of("target/benchmarks/journal.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
		System.out.println("\n" + report);
	}

	/**
	 * Writers append through Journal.record in their own transactions for a fixed time.
	 */
	private String appends(int writers) throws Exception {
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
		awaitSequenced(samples.get(samples.size() - 1).id());
		List<Long> commits = samples.stream().map(s -> s.commitNanos() / 1_000).sorted().toList();
		List<Long> delays = integrationDelays(samples);
		return "| " + writers + " | " + (samples.size() / SECONDS) + " | " + millis(percentile(commits, 50)) + " | "
				+ millis(percentile(commits, 99)) + " | " + percentile(delays, 50) + " | " + percentile(delays, 99)
				+ " |";
	}

	private List<Long> integrationDelays(List<Sample> samples) {
		List<Long> delays = new ArrayList<>();
		// A sample of up to 5,000 entries is enough for the percentiles.
		List<Sample> chosen = new ArrayList<>(samples);
		Collections.shuffle(chosen);
		for (Sample sample : chosen.subList(0, Math.min(5_000, chosen.size()))) {
			Timestamp checkpointed = this.jdbc.sql("""
					SELECT (SELECT c.created_at FROM journal_checkpoint c WHERE c.tree_size > l.idx
					        ORDER BY c.tree_size LIMIT 1)
					FROM journal_leaf l WHERE l.entry_id = :id
					""").param("id", sample.id()).query(Timestamp.class).single();
			delays.add(Math.max(0, Duration.between(sample.committed(), checkpointed.toInstant()).toMillis()));
		}
		Collections.sort(delays);
		return delays;
	}

	/**
	 * Fills the journal up to ENTRIES (bulk insert, then the real sequencer), then
	 * verifies it all.
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
			statement.execute("""
					INSERT INTO journal_entry (id, recorded_at, action, actor_type, payload)
					SELECT id, date_trunc('milliseconds', now()) + n * interval '1 microsecond', 'DEMARCHE_REQUESTED',
					       'SYSTEM', '{"bench":true}' FROM bench_ids ORDER BY n""");
			statement.execute("INSERT INTO journal_pending (entry_id) SELECT id FROM bench_ids ORDER BY n");
		}
		long total = existing + missing;
		awaitLeaves(total);
		Duration sequencing = Duration.between(filling, Instant.now());
		VerificationReport report = this.audit.verify(Actor.system());
		long rate = (long) (report.entriesChecked() / Math.max(0.001, report.duration().toMillis() / 1000.0));
		return "Full verification of a " + report.entriesChecked() + "-entry journal (" + report.checkpoints()
				+ " checkpoints): valid=" + report.valid() + ", " + report.duration().toMillis() + " ms, **" + rate
				+ " entries/s**. Filling it (bulk insert of " + missing + " entries, then the sequencer): "
				+ sequencing.toSeconds() + " s, about " + (missing / Math.max(1, sequencing.toSeconds()))
				+ " entries/s sequenced.";
	}

	private String openssl() throws IOException, InterruptedException {
		Process process = new ProcessBuilder("openssl", "speed", "-seconds", "3", "-evp", "sha256")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		String table = output.lines()
			.filter(l -> l.startsWith("type") || l.toLowerCase().startsWith("sha256"))
			.reduce("", (a, b) -> a + b + "\n");
		return "`openssl speed -seconds 3 -evp sha256` in the same run (bytes/s by block size, in thousands):\n\n```\n"
				+ table + "```";
	}

	private void awaitSequenced(UUID id) throws InterruptedException {
		while (this.jdbc.sql("SELECT count(*) FROM journal_leaf WHERE entry_id = :id")
			.param("id", id)
			.query(Long.class)
			.single() == 0) {
			Thread.sleep(100);
		}
		Thread.sleep(1500);
	}

	private void awaitLeaves(long count) throws InterruptedException {
		while (this.jdbc.sql("SELECT coalesce(max(idx) + 1, 0) FROM journal_leaf").query(Long.class).single() < count) {
			Thread.sleep(500);
		}
		Thread.sleep(1500);
	}

	private static String millis(long micros) {
		return String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
	}

	private static long percentile(List<Long> sorted, int p) {
		if (sorted.isEmpty()) {
			return 0;
		}
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
	}

	private record Sample(UUID id, Instant committed, long commitNanos) {
	}

}
