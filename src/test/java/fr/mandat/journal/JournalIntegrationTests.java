package fr.mandat.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import fr.mandat.journal.EntryCanonicalForm.StoredEntry;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.MerkleTree;
import fr.mandat.journal.proof.ProofVerifier;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.OwnerDatabase;
import fr.mandat.support.Waits;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The journal against the real database, through the real transaction path. */
@MandatIntegrationTest
class JournalIntegrationTests {

	private static final UUID CAMILLE = UUID.fromString("7d2f9a10-0000-4000-8000-000000000001");

	private static final UUID VILLENEUVE = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000001");

	@Autowired
	private Journal journal;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private CheckpointSigner signer;

	@Autowired
	private Sequencer sequencer;

	@Autowired
	private Environment environment;

	@Test
	void committedEntryIsInASignedCheckpointWithinTwoSeconds() throws Exception {
		Instant committed = Instant.now();
		UUID id = this.transactions.execute(status -> this.journal
			.record(JournalRecord.of(Actor.aidant(CAMILLE, VILLENEUVE), JournalAction.DEMARCHE_REQUESTED)
				.withPayload(Map.of("demarche", "caf-declaration-trimestrielle", "digest", "c2hhMjU2"))));

		long index = awaitLeaf(id, committed.plus(Duration.ofSeconds(2)));
		String note = awaitCheckpointCovering(index, committed.plus(Duration.ofSeconds(2)));

		Checkpoint checkpoint = Checkpoint.parse(SignedNote.verify(note, this.signer.verifierKey()));
		assertThat(checkpoint.origin()).isEqualTo("localhost/mandat/journal");
		StoredEntry entry = JournalEntries.load(this.jdbc, List.of(id)).get(0);
		assertThat(entry.action()).isEqualTo("DEMARCHE_REQUESTED");
		ProofVerifier.verifyInclusion(index, checkpoint.size(), Hashes.leaf(EntryCanonicalForm.of(entry)),
				MerkleTree.inclusionProof(index, checkpoint.size(), new JdbcNodeStore(this.jdbc)),
				checkpoint.rootHash());
	}

	@Test
	void rolledBackTransactionLeavesNoEntry() {
		UUID id = this.transactions.execute(status -> {
			UUID recorded = this.journal.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED));
			status.setRollbackOnly();
			return recorded;
		});
		this.sequencer.sequenceBatch();

		assertThat(count("journal_entry", "id", id)).isZero();
		assertThat(count("journal_pending", "entry_id", id)).isZero();
		assertThat(count("journal_leaf", "entry_id", id)).isZero();
	}

	@Test
	void refusesToRecordOutsideATransaction() {
		assertThatExceptionOfType(IllegalTransactionStateException.class)
			.isThrownBy(() -> this.journal.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED)));
	}

	@Test
	void runtimeRoleCannotChangeOrDeleteEntries() {
		for (String change : List.of("UPDATE journal_entry SET action = 'SIGNED_OUT'", "DELETE FROM journal_entry",
				"TRUNCATE journal_entry", "UPDATE journal_leaf SET idx = idx + 1", "DELETE FROM journal_checkpoint",
				"DELETE FROM journal_node")) {
			assertThatExceptionOfType(DataAccessException.class).as(change)
				.isThrownBy(() -> this.transactions.executeWithoutResult(s -> this.jdbc.sql(change).update()))
				.havingRootCause()
				.withMessageContaining("permission denied");
		}
	}

	@Test
	void ownerIsStoppedByTheInsertOnlyTriggers() throws SQLException {
		recordAndSequence();
		try (Connection owner = OwnerDatabase.connect(this.environment);
				Statement statement = owner.createStatement()) {
			for (String change : List.of("UPDATE journal_entry SET action = 'SIGNED_OUT'", "DELETE FROM journal_leaf",
					"TRUNCATE journal_node", "UPDATE journal_checkpoint SET signed_note = ''")) {
				assertThatExceptionOfType(SQLException.class).as(change)
					.isThrownBy(() -> statement.execute(change))
					.withMessageContaining("ajout seul");
			}
		}
	}

	@Test
	void onlyTheInstanceHoldingTheLockSequences() throws SQLException {
		try (Connection other = OwnerDatabase.connect(this.environment);
				Statement statement = other.createStatement()) {
			statement.execute("SELECT pg_advisory_lock(" + Sequencer.LOCK_KEY + ")");
			UUID id = this.transactions.execute(
					status -> this.journal.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED)));
			assertThat(this.sequencer.sequenceBatch()).isZero();
			assertThat(count("journal_leaf", "entry_id", id)).isZero();
			statement.execute("SELECT pg_advisory_unlock(" + Sequencer.LOCK_KEY + ")");
			awaitLeaf(id, Instant.now().plusSeconds(5));
		}
	}

	/**
	 * Batches read the queue from the last position they took; an entry recorded before
	 * others (an earlier position) but committed after they were sequenced is still
	 * sequenced, by the periodic read from the queue's start.
	 */
	@Test
	void anEntryCommittedAfterLaterOnesWereSequencedIsSequencedToo() throws Exception {
		CountDownLatch recorded = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<UUID> slow = CompletableFuture.supplyAsync(() -> this.transactions.execute(status -> {
			UUID id = this.journal.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED));
			recorded.countDown();
			try {
				assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			return id;
		}));
		assertThat(recorded.await(30, TimeUnit.SECONDS)).isTrue();

		UUID quick = this.transactions
			.execute(status -> this.journal.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED)));
		long quickIndex = awaitLeaf(quick, Instant.now().plusSeconds(5));
		release.countDown();
		UUID late = slow.get(30, TimeUnit.SECONDS);

		assertThat(awaitLeaf(late, Instant.now().plusSeconds(5))).isGreaterThan(quickIndex);
		assertThat(count("journal_pending", "entry_id", late)).isZero();
	}

	private void recordAndSequence() {
		UUID id = this.transactions
			.execute(status -> this.journal.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED)));
		awaitLeaf(id, Instant.now().plusSeconds(5));
	}

	private long awaitLeaf(UUID id, Instant deadline) {
		return Waits.upTo(Waits.until(deadline), "entry sequenced")
			.until(() -> this.jdbc.sql("SELECT idx FROM journal_leaf WHERE entry_id = :id")
				.param("id", id)
				.query(Long.class)
				.optional(), Optional::isPresent)
			.orElseThrow();
	}

	private String awaitCheckpointCovering(long index, Instant deadline) {
		return Waits.upTo(Waits.until(deadline), "checkpoint signed")
			.until(() -> this.jdbc
				.sql("SELECT signed_note FROM journal_checkpoint WHERE tree_size > :index ORDER BY tree_size LIMIT 1")
				.param("index", index)
				.query(String.class)
				.optional(), Optional::isPresent)
			.orElseThrow();
	}

	private long count(String table, String column, UUID id) {
		return this.jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :id")
			.param("id", id)
			.query(Long.class)
			.single();
	}

}
