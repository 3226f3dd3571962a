package fr.mandat.journal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.MerkleTree;
import fr.mandat.journal.proof.Node;
import fr.mandat.journal.proof.TreeAppender;
import fr.mandat.journal.proof.cli.Verifier;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.OwnerDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator holding the database owner's role and the journal's key, with the triggers
 * disabled, cuts the end of the journal or rewrites an entry and signs the checkpoints
 * again. The offline verifier given a witnessed checkpoint saved before, the full
 * verification, and the witnesses each detect it. Each test holds the sequencer's lock
 * while the journal is altered and puts every row back afterwards.
 */
@MandatIntegrationTest
class WitnessedTamperTests {

	private static final List<String> TABLES = List.of("journal_entry", "journal_leaf", "journal_node",
			"journal_checkpoint", "journal_cosignature", "journal_witnessed");

	@TempDir
	Path directory;

	@Autowired
	private Journal journal;

	@Autowired
	private JournalAudit audit;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private CheckpointSigner signer;

	@Autowired
	private Environment environment;

	private Connection owner;

	private Path reference;

	private long referenceSize;

	@BeforeEach
	void saveAWitnessedCheckpointThenHoldTheSequencer() throws Exception {
		UUID last = null;
		for (int i = 0; i < 20; i++) {
			int n = i;
			last = this.transactions.execute(status -> this.journal
				.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED).withPayload(Map.of("n", n))));
		}
		UUID lastId = last;
		await(() -> this.jdbc
			.sql("SELECT l.idx FROM journal_leaf l WHERE l.entry_id = :id "
					+ "AND EXISTS (SELECT 1 FROM journal_witnessed w WHERE w.tree_size > l.idx)")
			.param("id", lastId)
			.query(Long.class)
			.optional()
			.orElse(null), "entries witnessed");
		this.owner = OwnerDatabase.connect(this.environment);
		execute("SELECT pg_advisory_lock(" + Sequencer.LOCK_KEY + ")");
		// What an auditor saved from the public endpoint.
		String saved = await(this::publicCheckpoint, "public checkpoint");
		this.referenceSize = Long.parseLong(saved.split("\n")[1]);
		this.reference = this.directory.resolve("reference.txt");
		Files.writeString(this.reference, saved);
		assertThat(this.audit.verify(Actor.system(), saved, List::of).valid()).as("intact before").isTrue();
		for (String table : TABLES) {
			execute("CREATE TEMP TABLE saved_" + table + " AS SELECT * FROM " + table);
			execute("ALTER TABLE " + table + " DISABLE TRIGGER USER");
		}
	}

	@AfterEach
	void putEverythingBack() throws Exception {
		// No witnessing round while the rows come back: it could store a cosignature
		// or a witnessed row for a restored checkpoint between two statements.
		VerificationReport restored;
		try {
			execute("SELECT pg_advisory_lock(" + Witnessing.LOCK_KEY + ")");
			execute("DELETE FROM journal_checkpoint c WHERE NOT EXISTS (SELECT 1 FROM saved_journal_checkpoint s "
					+ "WHERE s.tree_size = c.tree_size)");
			restore("journal_entry", "id", "payload");
			restore("journal_leaf", "idx", "leaf_hash");
			restore("journal_node", "level, idx", "hash");
			restore("journal_checkpoint", "tree_size", "root_hash, signed_note");
			restore("journal_cosignature", "tree_size, witness", "root_hash");
			restore("journal_witnessed", "tree_size", "root_hash");
			for (String table : TABLES) {
				execute("ALTER TABLE " + table + " ENABLE TRIGGER USER");
				execute("DROP TABLE saved_" + table);
			}
			restored = this.audit.verify(Actor.system(), Files.readString(this.reference), List::of);
		}
		finally {
			// The session's advisory locks end with it, whatever failed above.
			this.owner.close();
		}
		assertThat(restored.problem()).as("journal restored").isNull();
		// The next checkpoint, witnessed again, clears the witnesses' alarms.
		this.transactions
			.execute(status -> this.journal.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED)));
		await(() -> this.audit.witnessing().alarm() ? null : true, "witnesses' alarms cleared");
	}

	@Test
	void cuttingTheEndOfTheJournalIsARollback() throws Exception {
		long cut = this.referenceSize - 5;
		holdWitnessing();
		execute("DELETE FROM journal_witnessed WHERE tree_size > " + cut);
		execute("DELETE FROM journal_cosignature WHERE tree_size > " + cut);
		execute("DELETE FROM journal_checkpoint WHERE tree_size > " + cut);
		execute("DELETE FROM journal_node WHERE (idx + 1) * (1::bigint << level) > " + cut);
		execute("CREATE TEMP TABLE cut_entries AS SELECT entry_id FROM journal_leaf WHERE idx >= " + cut);
		execute("DELETE FROM journal_leaf WHERE idx >= " + cut);
		execute("DELETE FROM journal_entry WHERE id IN (SELECT entry_id FROM cut_entries)");
		execute("DROP TABLE cut_entries");
		reSign(cut);
		releaseWitnessing();

		// The full verification, given the saved checkpoint.
		VerificationReport report = this.audit.verify(Actor.system(), Files.readString(this.reference), List::of);
		assertThat(report.valid()).isFalse();
		assertThat(report.problem()).contains("ramené en arrière ou tronqué")
			.contains(Long.toString(this.referenceSize));

		// The offline verifier, given the saved checkpoint.
		String export = export();
		assertThat(verify("paquet", export, "--reference", this.reference.toString()))
			.startsWith("ÉCHEC (retour en arrière) : le journal présenté compte");

		// The witnesses refuse the shorter journal; the verification without a reference
		// reports their alarm.
		await(() -> this.audit.witnessing().alarm() ? true : null, "a witness's alarm");
		assertThat(this.audit.witnessing().witnesses())
			.anySatisfy(w -> assertThat(w.problem()).contains("ramené en arrière"));
		VerificationReport alone = this.audit.verify(Actor.system(), null, List::of);
		assertThat(alone.valid()).isFalse();
		assertThat(alone.findings()).anySatisfy(f -> assertThat(f).contains("signale").contains("ramené en arrière"));
	}

	@Test
	void rewritingAnEntryAndSigningAgainIsAForkedView() throws Exception {
		long target = this.referenceSize - 10;
		UUID entry = this.jdbc.sql("SELECT entry_id FROM journal_leaf WHERE idx = :idx")
			.param("idx", target)
			.query(UUID.class)
			.single();
		execute("UPDATE journal_entry SET payload = '{\"forged\":true}' WHERE id = '" + entry + "'");
		byte[] forgedLeaf = Hashes.leaf(EntryCanonicalForm.of(JournalEntries.load(this.jdbc, List.of(entry)).get(0)));
		try (PreparedStatement update = this.owner
			.prepareStatement("UPDATE journal_leaf SET leaf_hash = ? WHERE idx = ?")) {
			update.setBytes(1, forgedLeaf);
			update.setLong(2, target);
			update.executeUpdate();
		}
		// Rebuild every node of the tree with the forged leaf, as a careful forger would.
		List<byte[]> leaves = new ArrayList<>(
				this.jdbc.sql("SELECT leaf_hash FROM journal_leaf ORDER BY idx").query(byte[].class).list());
		TreeAppender tree = TreeAppender.empty();
		try (PreparedStatement update = this.owner
			.prepareStatement("UPDATE journal_node SET hash = ? WHERE level = ? AND idx = ?")) {
			for (Node node : tree.append(leaves)) {
				update.setBytes(1, node.hash());
				update.setInt(2, node.level());
				update.setLong(3, node.index());
				update.addBatch();
			}
			update.executeBatch();
		}
		// The witnesses' cosignatures would betray the rewrite: the forger drops them.
		holdWitnessing();
		execute("DELETE FROM journal_witnessed");
		execute("DELETE FROM journal_cosignature");
		List<Long> sizes = this.jdbc.sql("SELECT tree_size FROM journal_checkpoint WHERE tree_size > :t")
			.param("t", target)
			.query(Long.class)
			.list();
		for (long size : sizes) {
			reSign(size);
		}
		releaseWitnessing();
		assertThat(this.audit.verify(Actor.system(), null, List::of).problem())
			.as("the database alone is consistent again")
			.isNull();

		VerificationReport report = this.audit.verify(Actor.system(), Files.readString(this.reference), List::of);
		assertThat(report.valid()).isFalse();
		assertThat(report.problem()).contains("vue divergente");

		String export = export();
		// Same size as the saved checkpoint (the sequencer is held), another root.
		assertThat(verify("paquet", export, "--reference", this.reference.toString()))
			.startsWith("ÉCHEC (vue divergente) : ")
			.contains("(" + this.referenceSize + ")");
		assertThat(verify("paquet", export, witnesses())).startsWith("ÉCHEC (non témoigné) : ");

		// The witnesses refuse the other root for a size they cosigned.
		await(() -> this.audit.witnessing().alarm() ? true : null, "a witness's alarm");
		assertThat(this.audit.witnessing().witnesses()).anySatisfy(w -> assertThat(w.problem()).contains("réécrit"));
	}

	/**
	 * A careful forger swaps the witnessed rows and the checkpoints at once: in between,
	 * a witnessing round would find the old checkpoint without its cosignatures and have
	 * it cosigned again.
	 */
	private void holdWitnessing() throws SQLException {
		execute("SELECT pg_advisory_lock(" + Witnessing.LOCK_KEY + ")");
	}

	private void releaseWitnessing() throws SQLException {
		execute("SELECT pg_advisory_unlock(" + Witnessing.LOCK_KEY + ")");
	}

	private void reSign(long size) throws SQLException {
		byte[] root = MerkleTree.root(size, new JdbcNodeStore(this.jdbc));
		try (PreparedStatement insert = this.owner.prepareStatement(
				"INSERT INTO journal_checkpoint (tree_size, root_hash, signed_note, created_at) VALUES (?, ?, ?, now()) "
						+ "ON CONFLICT (tree_size) DO UPDATE SET root_hash = excluded.root_hash, signed_note = excluded.signed_note")) {
			insert.setLong(1, size);
			insert.setBytes(2, root);
			insert.setString(3, this.signer.sign(size, root));
			insert.executeUpdate();
		}
	}

	private String export() throws Exception {
		Path file = this.directory.resolve("export-" + UUID.randomUUID() + ".ndjson");
		try (OutputStream out = Files.newOutputStream(file)) {
			this.audit.exportRange(0, null, null, Actor.system()).writeTo(out);
		}
		return file.toString();
	}

	private String[] witnesses() {
		List<String> args = new ArrayList<>();
		LocalInfrastructure.get().witnesses().forEach(w -> args.addAll(List.of("--temoin", w.verifierKey())));
		return args.toArray(String[]::new);
	}

	private String verify(String command, String file, String... more) {
		List<String> args = new ArrayList<>(List.of(command, file, "--cle", this.signer.verifierKey().encoded()));
		args.addAll(List.of(more));
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int code = Verifier.run(args.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
		String text = output.toString(StandardCharsets.UTF_8);
		assertThat(code).as(text).isEqualTo(1);
		return text;
	}

	private String publicCheckpoint() {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/journal/checkpoint")).GET().build(),
						HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return null;
			}
			// Wait until it covers everything sequenced so far.
			long size = Long.parseLong(response.body().split("\n")[1]);
			long sequenced = this.jdbc.sql("SELECT coalesce(max(tree_size), 0) FROM journal_checkpoint")
				.query(Long.class)
				.single();
			return (size == sequenced) ? response.body() : null;
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private void restore(String table, String key, String columns) throws SQLException {
		String[] keys = key.split(", ");
		StringBuilder join = new StringBuilder();
		for (String k : keys) {
			join.append(join.isEmpty() ? "" : " AND ").append("t.").append(k).append(" = s.").append(k);
		}
		StringBuilder set = new StringBuilder();
		StringBuilder differs = new StringBuilder();
		for (String column : columns.split(", ")) {
			set.append(set.isEmpty() ? "" : ", ").append(column).append(" = s.").append(column);
			differs.append(differs.isEmpty() ? "" : " OR ")
				.append("t.")
				.append(column)
				.append(" IS DISTINCT FROM s.")
				.append(column);
		}
		execute("UPDATE " + table + " t SET " + set + " FROM saved_" + table + " s WHERE " + join + " AND (" + differs
				+ ")");
		execute("INSERT INTO " + table + " SELECT * FROM saved_" + table + " s WHERE NOT EXISTS (SELECT 1 FROM " + table
				+ " t WHERE " + join + ")");
	}

	private void execute(String sql) throws SQLException {
		try (Statement statement = this.owner.createStatement()) {
			statement.execute(sql);
		}
	}

	private static <T> T await(Supplier<T> probe, String what) {
		return Awaitility.await(what).atMost(Duration.ofSeconds(20)).until(probe::get, java.util.Objects::nonNull);
	}

}
