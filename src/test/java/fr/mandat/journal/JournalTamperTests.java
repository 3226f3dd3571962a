package fr.mandat.journal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.support.ApiTokens;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.OwnerDatabase;
import fr.mandat.support.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone with the database owner's rights disables the triggers and rewrites the
 * journal: verification must notice and name the first bad index. Each test holds the
 * sequencer's lock (so nothing is sequenced over the tampered rows), then puts the rows
 * back and checks that the journal verifies again.
 */
@MandatIntegrationTest
class JournalTamperTests {

	@Autowired
	private Journal journal;

	@Autowired
	private JournalVerifier verifier;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Environment environment;

	private Connection owner;

	private List<Long> indexes;

	@BeforeEach
	void recordEntriesAndTakeTheSequencerLock() throws SQLException {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			int n = i;
			ids.add(this.transactions.execute(status -> this.journal
				.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED).withPayload(Map.of("n", n)))));
		}
		this.indexes = new ArrayList<>();
		for (UUID id : ids) {
			this.indexes.add(awaitLeaf(id));
		}
		awaitCheckpointOf(this.indexes.get(3) + 1);
		this.owner = OwnerDatabase.connect(this.environment);
		execute("SELECT pg_advisory_lock(" + Sequencer.LOCK_KEY + ")");
		assertThat(this.verifier.verifyAll().valid()).as("journal intact before tampering").isTrue();
		execute("ALTER TABLE journal_entry DISABLE TRIGGER USER");
		execute("ALTER TABLE journal_leaf DISABLE TRIGGER USER");
	}

	@AfterEach
	void enableTriggersAndReleaseTheLock() throws SQLException {
		execute("ALTER TABLE journal_entry ENABLE TRIGGER USER");
		execute("ALTER TABLE journal_leaf ENABLE TRIGGER USER");
		VerificationReport restored = this.verifier.verifyAll();
		execute("SELECT pg_advisory_unlock(" + Sequencer.LOCK_KEY + ")");
		this.owner.close();
		assertThat(restored.valid()).as("journal verifies again once restored: %s", restored.problem()).isTrue();
	}

	@Test
	void changedFieldIsFound() throws Exception {
		long target = this.indexes.get(1);
		UUID entry = entryAt(target);
		execute("UPDATE journal_entry SET action = 'SIGNED_OUT' WHERE id = '" + entry + "'");

		assertBrokenAt(target);
		// The auditors' API reports it as well.
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(MandatIntegrationTest.BASE_URL + "/api/v1/audit/verification"))
				.header("Authorization", "Bearer " + ApiTokens.of(DemoAccount.INES))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"valid\":false").contains("\"firstBadIndex\":" + target);

		execute("UPDATE journal_entry SET action = 'MANDATE_EXPIRED' WHERE id = '" + entry + "'");
	}

	@Test
	void deletedEntryIsFound() throws SQLException {
		long target = this.indexes.get(2);
		UUID entry = entryAt(target);
		byte[] leaf = this.jdbc.sql("SELECT leaf_hash FROM journal_leaf WHERE idx = :idx")
			.param("idx", target)
			.query(byte[].class)
			.single();
		execute("DELETE FROM journal_leaf WHERE idx = " + target);

		assertBrokenAt(target);

		try (PreparedStatement insert = this.owner
			.prepareStatement("INSERT INTO journal_leaf (idx, entry_id, leaf_hash) VALUES (?, ?, ?)")) {
			insert.setLong(1, target);
			insert.setObject(2, entry);
			insert.setBytes(3, leaf);
			insert.executeUpdate();
		}
	}

	@Test
	void insertedEntryIsFound() throws SQLException {
		long target = this.indexes.get(1);
		long last = this.jdbc.sql("SELECT max(idx) FROM journal_leaf").query(Long.class).single();
		UUID forged = UUID.randomUUID();
		execute("INSERT INTO journal_entry (id, recorded_at, action, actor_type, payload) VALUES ('" + forged
				+ "', now(), 'MANDATE_REVOKED', 'SYSTEM', '{}')");
		for (long idx = last; idx >= target; idx--) {
			execute("UPDATE journal_leaf SET idx = idx + 1 WHERE idx = " + idx);
		}
		byte[] forgedLeaf = Hashes.leaf(EntryCanonicalForm.of(JournalEntries.load(this.jdbc, List.of(forged)).get(0)));
		try (PreparedStatement insert = this.owner
			.prepareStatement("INSERT INTO journal_leaf (idx, entry_id, leaf_hash) VALUES (?, ?, ?)")) {
			insert.setLong(1, target);
			insert.setObject(2, forged);
			insert.setBytes(3, forgedLeaf);
			insert.executeUpdate();
		}

		assertBrokenAt(target);

		execute("DELETE FROM journal_leaf WHERE idx = " + target);
		for (long idx = target + 1; idx <= last + 1; idx++) {
			execute("UPDATE journal_leaf SET idx = idx - 1 WHERE idx = " + idx);
		}
		execute("DELETE FROM journal_entry WHERE id = '" + forged + "'");
	}

	@Test
	void swappedEntriesAreFound() throws SQLException {
		long first = this.indexes.get(2);
		long second = this.indexes.get(3);
		UUID a = entryAt(first);
		UUID b = entryAt(second);
		swap(first, second, a, b);

		assertBrokenAt(Math.min(first, second));

		swap(first, second, b, a);
	}

	@Test
	void entryAddedOutsideTheSequencerIsFound() throws SQLException {
		UUID forged = UUID.randomUUID();
		execute("INSERT INTO journal_entry (id, recorded_at, action, actor_type, payload) VALUES ('" + forged
				+ "', now(), 'MANDATE_REVOKED', 'SYSTEM', '{}')");

		VerificationReport report = this.verifier.verifyAll();
		assertThat(report.valid()).isFalse();
		assertThat(report.problem())
			.isEqualTo("1 entrée(s) ont été ajoutées hors du séquenceur : elles ne sont dans aucun arbre.");

		execute("DELETE FROM journal_entry WHERE id = '" + forged + "'");
	}

	@Test
	void checkpointWithAnAlteredSignatureIsFound() throws SQLException {
		long size = this.jdbc.sql("SELECT min(tree_size) FROM journal_checkpoint WHERE tree_size > :last")
			.param("last", this.indexes.get(3))
			.query(Long.class)
			.single();
		String note = this.jdbc.sql("SELECT signed_note FROM journal_checkpoint WHERE tree_size = :size")
			.param("size", size)
			.query(String.class)
			.single();
		// The signature line ends with base64 and a newline: change a character near its
		// end (the signature's bytes, not the key's hash at the start, nor the padding).
		int at = note.length() - 10;
		String altered = note.substring(0, at) + ((note.charAt(at) == 'A') ? 'B' : 'A') + note.substring(at + 1);
		execute("ALTER TABLE journal_checkpoint DISABLE TRIGGER USER");
		try (PreparedStatement update = this.owner
			.prepareStatement("UPDATE journal_checkpoint SET signed_note = ? WHERE tree_size = ?")) {
			update.setString(1, altered);
			update.setLong(2, size);
			update.executeUpdate();
			VerificationReport report = this.verifier.verifyAll();
			assertThat(report.valid()).isFalse();
			assertThat(report.problem())
				.isEqualTo("La signature du point de contrôle de taille " + size + " n'est pas valide.");
			update.setString(1, note);
			update.executeUpdate();
		}
		finally {
			execute("ALTER TABLE journal_checkpoint ENABLE TRIGGER USER");
		}
	}

	private void swap(long first, long second, UUID atFirst, UUID atSecond) throws SQLException {
		UUID placeholder = UUID.randomUUID();
		execute("INSERT INTO journal_entry (id, recorded_at, action, actor_type, payload) VALUES ('" + placeholder
				+ "', now(), 'MANDATE_REVOKED', 'SYSTEM', '{}')");
		execute("UPDATE journal_leaf SET entry_id = '" + placeholder + "' WHERE idx = " + first);
		execute("UPDATE journal_leaf SET entry_id = '" + atFirst + "' WHERE idx = " + second);
		execute("UPDATE journal_leaf SET entry_id = '" + atSecond + "' WHERE idx = " + first);
		execute("DELETE FROM journal_entry WHERE id = '" + placeholder + "'");
	}

	private void assertBrokenAt(long index) {
		VerificationReport report = this.verifier.verifyAll();
		assertThat(report.valid()).isFalse();
		assertThat(report.firstBadIndex()).isEqualTo(index);
		assertThat(report.problem()).isNotBlank();
	}

	private UUID entryAt(long index) {
		return this.jdbc.sql("SELECT entry_id FROM journal_leaf WHERE idx = :idx")
			.param("idx", index)
			.query(UUID.class)
			.single();
	}

	private void execute(String sql) throws SQLException {
		try (Statement statement = this.owner.createStatement()) {
			statement.execute(sql);
		}
	}

	private long awaitLeaf(UUID id) {
		return Waits.upTo(Duration.ofSeconds(10), "entry " + id + " sequenced")
			.until(() -> this.jdbc.sql("SELECT idx FROM journal_leaf WHERE entry_id = :id")
				.param("id", id)
				.query(Long.class)
				.optional(), Optional::isPresent)
			.orElseThrow();
	}

	private void awaitCheckpointOf(long size) {
		Waits.upTo(Duration.ofSeconds(10), "a checkpoint of size " + size)
			.until(() -> this.jdbc.sql("SELECT coalesce(max(tree_size), 0) FROM journal_checkpoint")
				.query(Long.class)
				.single() >= size);
	}

}
