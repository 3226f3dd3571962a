package fr.mandat.journal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import fr.mandat.MandatApplication;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.OwnerDatabase;
import fr.mandat.support.Waits;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances sequence one journal at the same time, and a leader that dies
 * in the middle of a batch loses nothing.
 */
@MandatIntegrationTest
class SequencerConcurrencyTests {

	@Autowired
	private Journal journal;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JournalVerifier verifier;

	@Autowired
	private Environment environment;

	@Test
	void twoInstancesWritingAndSequencingAtOnceMakeOneConsistentLog() throws Exception {
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(MandatApplication.class)
			.run("--server.port=0", "--management.server.port=0")) {
			List<Writer> writers = List.of(new Writer(this.journal, this.transactions),
					new Writer(second.getBean(Journal.class), second.getBean(TransactionTemplate.class)));
			ExecutorService pool = Executors.newFixedThreadPool(8);
			List<Future<List<UUID>>> work = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				Writer writer = writers.get(thread % 2);
				work.add(pool.submit(() -> writer.record(60)));
			}
			List<UUID> ids = new ArrayList<>();
			for (Future<List<UUID>> future : work) {
				ids.addAll(future.get());
			}
			pool.shutdown();

			awaitSequenced(ids);
		}
		long leaves = this.jdbc.sql("SELECT count(*) FROM journal_leaf").query(Long.class).single();
		long maxIndex = this.jdbc.sql("SELECT max(idx) FROM journal_leaf").query(Long.class).single();
		assertThat(maxIndex + 1).as("no gap, no duplicate index").isEqualTo(leaves);
		VerificationReport report = this.verifier.verifyAll();
		assertThat(report.valid()).as(String.valueOf(report.problem())).isTrue();
	}

	@Test
	void leaderKilledMidBatchLosesNothing() throws Exception {
		UUID id = this.transactions
			.execute(status -> this.journal.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED)));
		try (Connection leader = OwnerDatabase.connect(this.environment);
				Connection killer = OwnerDatabase.connect(this.environment)) {
			leader.setAutoCommit(false);
			int pid;
			try (Statement statement = leader.createStatement()) {
				try (ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
					rs.next();
					pid = rs.getInt(1);
				}
				// What a sequencer does first: take the lock, then take the queue.
				statement.executeQuery("SELECT pg_advisory_xact_lock(" + Sequencer.LOCK_KEY + ")").close();
				statement.executeUpdate("DELETE FROM journal_pending");
			}
			try (Statement statement = killer.createStatement()) {
				statement.executeQuery("SELECT pg_terminate_backend(" + pid + ")").close();
			}
		}
		awaitSequenced(List.of(id));
	}

	private void awaitSequenced(List<UUID> ids) {
		Waits.upTo(Duration.ofSeconds(30), ids.size() + " entries sequenced")
			.until(() -> this.jdbc.sql("SELECT count(*) FROM journal_leaf WHERE entry_id = ANY(:ids)")
				.param("ids", ids.toArray(UUID[]::new))
				.query(Long.class)
				.single() == ids.size());
	}

	private record Writer(Journal journal, TransactionTemplate transactions) {

		List<UUID> record(int count) {
			List<UUID> ids = Collections.synchronizedList(new ArrayList<>());
			for (int i = 0; i < count; i++) {
				int n = i;
				ids.add(this.transactions.execute(
						status -> this.journal.record(JournalRecord.of(Actor.system(), JournalAction.DEMARCHE_REQUESTED)
							.withPayload(Map.of("n", n)))));
			}
			return ids;
		}

	}

}
