package fr.mandat.journal;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import fr.mandat.journal.EntryCanonicalForm.StoredEntry;
import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.journal.proof.TreeAppender;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks the whole journal as an auditor would: every leaf is rebuilt from its entry's
 * columns, indexes are consecutive, stored leaf hashes agree, and the tree rebuilt from
 * the entries has, at each checkpoint's size, the root that checkpoint signed. Reads in
 * index order, in chunks, in one repeatable-read snapshot.
 */
@Component
class JournalVerifier {

	private static final int CHUNK = 5_000;

	private final JdbcClient jdbc;

	private final CheckpointSigner signer;

	private final Clock clock;

	JournalVerifier(JdbcClient jdbc, CheckpointSigner signer, Clock clock) {
		this.jdbc = jdbc;
		this.signer = signer;
		this.clock = clock;
	}

	@Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
	public VerificationReport verifyAll() {
		Instant started = this.clock.instant();
		Deque<StoredCheckpoint> checkpoints = new ArrayDeque<>(
				this.jdbc.sql("SELECT tree_size, root_hash, signed_note FROM journal_checkpoint ORDER BY tree_size")
					.query((rs, n) -> new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3)))
					.list());
		long checkpointCount = checkpoints.size();
		TreeAppender tree = TreeAppender.empty();
		long verifiedSize = 0;
		long expected = 0;
		while (true) {
			List<Row> rows = chunk(expected);
			for (Row row : rows) {
				if (row.index() != expected) {
					return failure(started, expected, checkpointCount,
							"L'entrée n° " + expected + " manque : la suivante porte le n° " + row.index() + ".");
				}
				byte[] leaf = Hashes.leaf(EntryCanonicalForm.of(row.entry()));
				if (!MessageDigest.isEqual(leaf, row.leafHash()) || !MessageDigest.isEqual(leaf, row.levelZero())) {
					return failure(started, expected, checkpointCount, "Le contenu de l'entrée n° " + expected
							+ " ne correspond plus à ce qui a été inscrit dans l'arbre.");
				}
				tree.append(List.of(leaf));
				expected++;
				while (!checkpoints.isEmpty() && checkpoints.peekFirst().size() == tree.size()) {
					StoredCheckpoint checkpoint = checkpoints.removeFirst();
					String problem = check(checkpoint, tree.root());
					if (problem != null) {
						return failure(started, verifiedSize, checkpointCount, problem);
					}
					verifiedSize = checkpoint.size();
				}
			}
			if (rows.size() < CHUNK) {
				break;
			}
		}
		if (!checkpoints.isEmpty()) {
			return failure(started, expected, checkpointCount,
					"Le point de contrôle de taille " + checkpoints.peekFirst().size()
							+ " couvre des entrées qui n'existent plus (il en reste " + expected + ").");
		}
		long orphans = this.jdbc.sql("""
				SELECT count(*) FROM journal_entry e
				WHERE NOT EXISTS (SELECT 1 FROM journal_leaf l WHERE l.entry_id = e.id)
				  AND NOT EXISTS (SELECT 1 FROM journal_pending p WHERE p.entry_id = e.id)
				""").query(Long.class).single();
		if (orphans > 0) {
			return failure(started, expected, checkpointCount,
					orphans + " entrée(s) ont été ajoutées hors du séquenceur : elles ne sont dans aucun arbre.");
		}
		return new VerificationReport(true, expected, checkpointCount, verifiedSize, null, null,
				Duration.between(started, this.clock.instant()));
	}

	private @Nullable String check(StoredCheckpoint checkpoint, byte[] rebuiltRoot) {
		try {
			Checkpoint signed = Checkpoint.parse(SignedNote.verify(checkpoint.note(), this.signer.verifierKey()));
			if (signed.size() != checkpoint.size() || !MessageDigest.isEqual(signed.rootHash(), checkpoint.root())) {
				return "Le point de contrôle de taille " + checkpoint.size() + " ne correspond pas à sa signature.";
			}
		}
		catch (ProofException ex) {
			return "La signature du point de contrôle de taille " + checkpoint.size() + " n'est pas valide.";
		}
		if (!MessageDigest.isEqual(rebuiltRoot, checkpoint.root())) {
			return "L'arbre reconstruit à partir des entrées ne donne pas la racine signée au point de contrôle de taille "
					+ checkpoint.size() + ".";
		}
		return null;
	}

	private List<Row> chunk(long from) {
		return this.jdbc.sql("""
				SELECT l.idx, l.leaf_hash, n.hash AS level_zero,
				       e.id, e.recorded_at, e.action, e.actor_type, e.actor_id, e.structure_id, e.mandate_id,
				       e.usager_ref, e.demarche, e.payload
				FROM journal_leaf l
				JOIN journal_entry e ON e.id = l.entry_id
				LEFT JOIN journal_node n ON n.level = 0 AND n.idx = l.idx
				WHERE l.idx >= :from
				ORDER BY l.idx
				LIMIT :limit
				""").param("from", from).param("limit", CHUNK).query((rs, n) -> {
			byte[] levelZero = rs.getBytes("level_zero");
			return new Row(rs.getLong("idx"), rs.getBytes("leaf_hash"), (levelZero != null) ? levelZero : new byte[0],
					new StoredEntry(rs.getObject("id", UUID.class), rs.getTimestamp("recorded_at").toInstant(),
							rs.getString("action"), rs.getString("actor_type"), rs.getString("actor_id"),
							rs.getObject("structure_id", UUID.class), rs.getObject("mandate_id", UUID.class),
							rs.getString("usager_ref"), rs.getString("demarche"), rs.getString("payload")));
		}).list();
	}

	private VerificationReport failure(Instant started, long firstBadIndex, long checkpoints, String problem) {
		return new VerificationReport(false, firstBadIndex, checkpoints, null, firstBadIndex, problem,
				Duration.between(started, this.clock.instant()));
	}

	private record Row(long index, byte[] leafHash, byte[] levelZero, StoredEntry entry) {
	}

	private record StoredCheckpoint(long size, byte[] root, String note) {
	}

}
