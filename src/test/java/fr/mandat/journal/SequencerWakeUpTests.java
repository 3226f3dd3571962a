package fr.mandat.journal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sequencer runs when an entry commits, not only when it polls: the application's
 * loop is stopped and replaced by one that would poll only once an hour, so whatever gets
 * sequenced within the test was sequenced because a commit woke it.
 */
@MandatIntegrationTest
class SequencerWakeUpTests {

	@Autowired
	private SequencerLoop applicationLoop;

	@Autowired
	private Sequencer sequencer;

	@Autowired
	private JournalProperties properties;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private Clock clock;

	private SequencerLoop hourlyLoop;

	private Journal journal;

	@BeforeEach
	void replaceTheLoopWithAnHourlyOne() {
		this.applicationLoop.stop();
		this.sequencer.drain();
		this.hourlyLoop = new SequencerLoop(this.sequencer,
				new JournalProperties(this.properties.origin(), Duration.ofHours(1), this.properties.batchSize(),
						this.properties.witnesses(), this.properties.witnessQuorum(), this.properties.witnessInterval(),
						this.properties.witnessTimeout(), this.properties.publicCheckpointCache()));
		this.hourlyLoop.start();
		this.journal = new JdbcJournal(this.jdbc, this.clock, this.hourlyLoop);
	}

	@AfterEach
	void restoreTheApplicationLoop() {
		this.hourlyLoop.stop();
		this.applicationLoop.start();
	}

	@Test
	void aCommittedEntryIsSequencedWithoutWaitingForThePoll() {
		UUID id = this.transactions.execute(status -> this.journal
			.record(JournalRecord.of(Actor.system(), JournalAction.DEMARCHE_REQUESTED).withPayload(Map.of("n", 1))));

		await().atMost(Duration.ofSeconds(30)).until(() -> leaves(id) == 1);
		assertThat(checkpointsCovering(id)).isPositive();
	}

	@Test
	void aRolledBackEntryLeavesNothingToSequence() {
		UUID rolledBack = this.transactions.execute(status -> {
			UUID recorded = this.journal.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED));
			status.setRollbackOnly();
			return recorded;
		});
		UUID committed = this.transactions.execute(status -> this.journal
			.record(JournalRecord.of(Actor.system(), JournalAction.DEMARCHE_REQUESTED).withPayload(Map.of("n", 2))));

		await().atMost(Duration.ofSeconds(30)).until(() -> leaves(committed) == 1);
		assertThat(leaves(rolledBack)).isZero();
	}

	@Test
	void aRunAlsoTakesWhatOtherInstancesQueued() {
		// Another instance's entry: committed, queued, and nobody here was woken for it.
		UUID other = UUID.randomUUID();
		this.jdbc
			.sql("INSERT INTO journal_entry (id, recorded_at, action, actor_type, payload) "
					+ "VALUES (:id, date_trunc('milliseconds', now()), 'DEMARCHE_REQUESTED', 'SYSTEM', '{\"n\":3}')")
			.param("id", other)
			.update();
		this.jdbc.sql("INSERT INTO journal_pending (entry_id) VALUES (:id)").param("id", other).update();
		UUID ours = this.transactions.execute(status -> this.journal
			.record(JournalRecord.of(Actor.system(), JournalAction.DEMARCHE_REQUESTED).withPayload(Map.of("n", 4))));

		await().atMost(Duration.ofSeconds(30)).until(() -> leaves(ours) == 1);
		assertThat(leaves(other)).isOne();
	}

	private long leaves(UUID id) {
		return this.jdbc.sql("SELECT count(*) FROM journal_leaf WHERE entry_id = :id")
			.param("id", id)
			.query(Long.class)
			.single();
	}

	private long checkpointsCovering(UUID id) {
		return this.jdbc
			.sql("SELECT count(*) FROM journal_checkpoint c JOIN journal_leaf l ON c.tree_size > l.idx "
					+ "WHERE l.entry_id = :id")
			.param("id", id)
			.query(Long.class)
			.single();
	}

}
