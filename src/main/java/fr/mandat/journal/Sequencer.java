package fr.mandat.journal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import fr.mandat.journal.EntryCanonicalForm.StoredEntry;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.Node;
import fr.mandat.journal.proof.NodeStore;
import fr.mandat.journal.proof.TreeAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed entries consecutive indexes, extends the Merkle tree and signs a
 * checkpoint, one batch per transaction. Any number of instances run it: a
 * transaction-scoped advisory lock lets one of them work at a time, and a batch is all or
 * nothing, so an instance that dies mid-batch loses nothing and the next run of another
 * instance takes over. {@link SequencerLoop} decides when it runs.
 * <p>
 * Each part of a batch is timed ({@code mandat.journal.sequencer.phase}, tag
 * {@code phase}): where the integration delay goes is measured, not guessed.
 */
@Component
class Sequencer {

	/** An arbitrary, fixed advisory lock key for the journal sequencer. */
	static final long LOCK_KEY = 0x4d414e4441544a4cL;

	/** The parts of a batch, in order. */
	enum Phase {

		/** The advisory lock. */
		LOCK,
		/** Taking the queued entries, with their columns, in queue order. */
		TAKE,
		/** Reading the tree's right frontier. */
		RESUME,
		/** Canonical form and leaf hash of each entry, then the tree's new nodes. */
		HASH,
		/** Inserting leaves and nodes. */
		WRITE,
		/** Signing the checkpoint and inserting it. */
		SIGN,
		/** The durable commit. */
		COMMIT

	}

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final CheckpointSigner signer;

	private final JournalProperties properties;

	private final Clock clock;

	private final Map<Phase, Timer> phases = new EnumMap<>(Phase.class);

	/**
	 * The highest queue position this instance has taken. Batches read the queue from
	 * there: the positions before it are deleted rows that PostgreSQL keeps in the index
	 * until the table is vacuumed (up to a minute apart: about 100,000 rows at 1,700
	 * entries a second), and a scan from the start walked through all of them on every
	 * batch (2 ms a batch, the database's costliest statement under load).
	 */
	private final AtomicLong cursor = new AtomicLong();

	/**
	 * How often a batch reads the queue from its start: an entry given its position
	 * before the cursor but committed after the batch that moved the cursor is found
	 * then.
	 */
	private final long fullScanNanos;

	private volatile long lastFullScan;

	Sequencer(JdbcClient jdbc, TransactionTemplate transactions, CheckpointSigner signer, JournalProperties properties,
			Clock clock, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.signer = signer;
		this.properties = properties;
		this.clock = clock;
		this.fullScanNanos = properties.sequencerInterval().toNanos();
		this.lastFullScan = System.nanoTime() - this.fullScanNanos;
		for (Phase phase : Phase.values()) {
			this.phases.put(phase,
					Timer.builder("mandat.journal.sequencer.phase")
						.description("Time spent in each part of a sequencing batch")
						.tag("phase", phase.name().toLowerCase(Locale.ROOT))
						.register(meters));
		}
	}

	/**
	 * Sequences batches until the queue is empty (or another instance leads).
	 * @return how many entries were sequenced
	 */
	int drain() {
		int total = 0;
		int sequenced;
		do {
			sequenced = sequenceBatch();
			total += sequenced;
		}
		while (sequenced > 0);
		return total;
	}

	/**
	 * @return how many entries were sequenced (0 if none, or another instance leads)
	 */
	int sequenceBatch() {
		long began = System.nanoTime();
		boolean fullScan = began - this.lastFullScan >= this.fullScanNanos;
		long after = fullScan ? 0 : this.cursor.get();
		long[] bodyEnd = new long[1];
		Batch batch = this.transactions.execute(status -> {
			long start = System.nanoTime();
			boolean leader = this.jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)")
				.param("key", LOCK_KEY)
				.query(Boolean.class)
				.single();
			time(Phase.LOCK, start);
			Batch done = leader ? sequenceUnderLock(after) : Batch.NONE;
			bodyEnd[0] = System.nanoTime();
			return done;
		});
		if (batch == null) {
			return 0;
		}
		// Committed: the cursor moves, and a scan from the start counts as done.
		this.cursor.accumulateAndGet(batch.lastPosition(), Math::max);
		if (fullScan) {
			this.lastFullScan = began;
		}
		if (batch.entries() > 0) {
			time(Phase.COMMIT, bodyEnd[0]);
		}
		return batch.entries();
	}

	private Batch sequenceUnderLock(long after) {
		long start = System.nanoTime();
		// Entries are taken in queue order, the order in which they were recorded; one
		// committed late is taken by a later batch. One statement takes the queue and
		// reads the entries it names; "= ANY (ARRAY(...))" keeps both to index lookups
		// whatever the planner's statistics say (with "IN", a generic plan hash-joined
		// a sequential scan of the whole journal on every batch).
		long[] last = { after };
		List<StoredEntry> entries = this.jdbc.sql("""
				WITH taken AS (
				  DELETE FROM journal_pending
				  WHERE seq = ANY (ARRAY(SELECT seq FROM journal_pending WHERE seq > :after ORDER BY seq LIMIT :limit))
				  RETURNING entry_id, seq
				)
				SELECT t.seq, e.id, e.recorded_at, e.action, e.actor_type, e.actor_id, e.structure_id, e.mandate_id,
				       e.usager_ref, e.demarche, e.payload
				FROM taken t JOIN journal_entry e ON e.id = t.entry_id
				WHERE e.id = ANY (ARRAY(SELECT entry_id FROM taken))
				ORDER BY t.seq
				""").param("after", after).param("limit", this.properties.batchSize()).query((rs, n) -> {
			last[0] = Math.max(last[0], rs.getLong("seq"));
			return JournalEntries.row(rs, n);
		}).list();
		start = time(Phase.TAKE, start);
		if (entries.isEmpty()) {
			return Batch.NONE;
		}
		long size = this.jdbc.sql("SELECT coalesce(max(idx) + 1, 0) FROM journal_leaf").query(Long.class).single();
		TreeAppender tree = TreeAppender.resume(size, frontier(size));
		start = time(Phase.RESUME, start);
		List<byte[]> leaves = new ArrayList<>(entries.size());
		UUID[] ids = new UUID[entries.size()];
		for (StoredEntry entry : entries) {
			ids[leaves.size()] = entry.id();
			leaves.add(Hashes.leaf(EntryCanonicalForm.of(entry)));
		}
		List<Node> nodes = tree.append(leaves);
		start = time(Phase.HASH, start);
		this.jdbc.sql("""
				INSERT INTO journal_leaf (idx, entry_id, leaf_hash)
				SELECT :first + n - 1, id, hash FROM unnest(:ids, :hashes) WITH ORDINALITY AS l(id, hash, n)
				""").param("first", size).param("ids", ids).param("hashes", leaves.toArray(byte[][]::new)).update();
		int[] levels = new int[nodes.size()];
		long[] indexes = new long[nodes.size()];
		byte[][] hashes = new byte[nodes.size()][];
		for (int i = 0; i < nodes.size(); i++) {
			levels[i] = nodes.get(i).level();
			indexes[i] = nodes.get(i).index();
			hashes[i] = nodes.get(i).hash();
		}
		this.jdbc.sql("INSERT INTO journal_node (level, idx, hash) SELECT * FROM unnest(:levels, :indexes, :hashes)")
			.param("levels", boxed(levels))
			.param("indexes", boxed(indexes))
			.param("hashes", hashes)
			.update();
		start = time(Phase.WRITE, start);
		this.jdbc
			.sql("INSERT INTO journal_checkpoint (tree_size, root_hash, signed_note, created_at) "
					+ "VALUES (:size, :root, :note, :createdAt)")
			.param("size", tree.size())
			.param("root", tree.root())
			.param("note", this.signer.sign(tree.size(), tree.root()))
			.param("createdAt", Timestamp.from(this.clock.instant()))
			.update();
		time(Phase.SIGN, start);
		return new Batch(entries.size(), last[0]);
	}

	/** What a batch sequenced, and the highest queue position it took. */
	private record Batch(int entries, long lastPosition) {

		static final Batch NONE = new Batch(0, 0);

	}

	/** The stored nodes of the tree's right frontier at this size, in one query. */
	private NodeStore frontier(long size) {
		List<Integer> levels = new ArrayList<>();
		List<Long> indexes = new ArrayList<>();
		long start = 0;
		for (int level = 62; level >= 0; level--) {
			if ((size & (1L << level)) != 0) {
				levels.add(level);
				indexes.add(start >> level);
				start += 1L << level;
			}
		}
		Map<Long, byte[]> found = new HashMap<>();
		if (!levels.isEmpty()) {
			// Index lookups whatever the statistics say (a join with unnest(...) was
			// planned as a scan of the whole tree); the few other nodes this also finds
			// (one level's index at another level) are not looked up.
			this.jdbc.sql("""
					SELECT n.level, n.idx, n.hash FROM journal_node n
					WHERE n.level = ANY (:levels) AND n.idx = ANY (:indexes)
					""")
				.param("levels", levels.toArray(Integer[]::new))
				.param("indexes", indexes.toArray(Long[]::new))
				.query((rs, n) -> found.put(key(rs.getInt(1), rs.getLong(2)), rs.getBytes(3)))
				.list();
		}
		return (level, index) -> {
			byte[] hash = found.get(key(level, index));
			if (hash == null) {
				throw new IllegalStateException("Missing tree node " + level + "/" + index);
			}
			return hash;
		};
	}

	private static long key(int level, long index) {
		return ((long) level << 56) | index;
	}

	private static Integer[] boxed(int[] values) {
		Integer[] boxed = new Integer[values.length];
		for (int i = 0; i < values.length; i++) {
			boxed[i] = values[i];
		}
		return boxed;
	}

	private static Long[] boxed(long[] values) {
		Long[] boxed = new Long[values.length];
		for (int i = 0; i < values.length; i++) {
			boxed[i] = values[i];
		}
		return boxed;
	}

	private long time(Phase phase, long start) {
		long now = System.nanoTime();
		Timer timer = this.phases.get(phase);
		if (timer != null) {
			// Every phase has its timer from the constructor on.
			timer.record(now - start, TimeUnit.NANOSECONDS);
		}
		return now;
	}

}
