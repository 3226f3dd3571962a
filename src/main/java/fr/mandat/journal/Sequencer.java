package fr.mandat.journal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import fr.mandat.journal.EntryCanonicalForm.StoredEntry;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.Node;
import fr.mandat.journal.proof.TreeAppender;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed entries consecutive indexes, extends the Merkle tree and signs a
 * checkpoint, one batch per transaction. Any number of instances run it: a
 * transaction-scoped advisory lock lets one of them work at a time, and a batch is all or
 * nothing, so an instance that dies mid-batch loses nothing and the next tick of another
 * instance takes over.
 */
@Component
class Sequencer {

	/** An arbitrary, fixed advisory lock key for the journal sequencer. */
	static final long LOCK_KEY = 0x4d414e4441544a4cL;

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final TransactionTemplate transactions;

	private final CheckpointSigner signer;

	private final JournalProperties properties;

	private final Clock clock;

	Sequencer(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate transactions, CheckpointSigner signer,
			JournalProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.transactions = transactions;
		this.signer = signer;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${mandat.journal.sequencer-interval}")
	void tick() {
		// A full batch means a backlog: keep going instead of waiting for the next tick.
		int sequenced;
		do {
			sequenced = sequenceBatch();
		}
		while (sequenced == this.properties.batchSize());
	}

	/**
	 * @return how many entries were sequenced (0 if none, or another instance leads)
	 */
	int sequenceBatch() {
		Integer sequenced = this.transactions.execute(status -> {
			boolean leader = this.jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)")
				.param("key", LOCK_KEY)
				.query(Boolean.class)
				.single();
			return leader ? sequenceUnderLock() : 0;
		});
		return (sequenced != null) ? sequenced : 0;
	}

	private int sequenceUnderLock() {
		// Queue order is the order in which entries became visible, i.e. commit order
		// as far as a reader can tell.
		List<UUID> ids = this.jdbc.sql("""
				DELETE FROM journal_pending
				WHERE seq IN (SELECT seq FROM journal_pending ORDER BY seq LIMIT :limit)
				RETURNING entry_id, seq
				""")
			.param("limit", this.properties.batchSize())
			.query((rs, n) -> new Pending(rs.getObject("entry_id", UUID.class), rs.getLong("seq")))
			.list()
			.stream()
			.sorted(Comparator.comparingLong(Pending::seq))
			.map(Pending::entryId)
			.toList();
		if (ids.isEmpty()) {
			return 0;
		}
		Map<UUID, StoredEntry> entries = JournalEntries.load(this.jdbc, ids)
			.stream()
			.collect(Collectors.toMap(StoredEntry::id, Function.identity()));
		long size = this.jdbc.sql("SELECT coalesce(max(idx) + 1, 0) FROM journal_leaf").query(Long.class).single();
		TreeAppender tree = TreeAppender.resume(size, new JdbcNodeStore(this.jdbc));
		List<byte[]> leaves = new ArrayList<>(ids.size());
		List<Object[]> leafRows = new ArrayList<>(ids.size());
		for (UUID id : ids) {
			byte[] leaf = Hashes.leaf(EntryCanonicalForm.of(entries.get(id)));
			leafRows.add(new Object[] { size + leaves.size(), id, leaf });
			leaves.add(leaf);
		}
		List<Node> nodes = tree.append(leaves);
		this.batch.batchUpdate("INSERT INTO journal_leaf (idx, entry_id, leaf_hash) VALUES (?, ?, ?)", leafRows);
		this.batch.batchUpdate("INSERT INTO journal_node (level, idx, hash) VALUES (?, ?, ?)",
				nodes.stream().map(n -> new Object[] { n.level(), n.index(), n.hash() }).toList());
		this.jdbc
			.sql("INSERT INTO journal_checkpoint (tree_size, root_hash, signed_note, created_at) "
					+ "VALUES (:size, :root, :note, :createdAt)")
			.param("size", tree.size())
			.param("root", tree.root())
			.param("note", this.signer.sign(tree.size(), tree.root()))
			.param("createdAt", Timestamp.from(this.clock.instant()))
			.update();
		return ids.size();
	}

	private record Pending(UUID entryId, long seq) {
	}

}
