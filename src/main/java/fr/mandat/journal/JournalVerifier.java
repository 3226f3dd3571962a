package fr.mandat.journal;

import java.io.IOException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.RootBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks the whole journal as an auditor would: every leaf is rebuilt from its entry's
 * columns, indexes are consecutive, stored leaf hashes agree, and the tree rebuilt from
 * the entries has, at each checkpoint's size, the root that checkpoint signed; so it has
 * at the size of every checkpoint the witnesses cosigned, and at the size of a checkpoint
 * the auditor saved (a reference). A witnessed or reference size beyond the entries means
 * the end of the journal was removed.
 * <p>
 * Fast: rows come in one binary {@code COPY} stream, in one repeatable-read snapshot;
 * batches of rows are turned into canonical JSON ({@link CanonicalEncoder}, falling back
 * to {@link EntryCanonicalForm} when it disagrees) and hashed on other threads while the
 * next rows are read; the root grows in a {@link RootBuilder}. Beside the stream, on
 * threads of their own, the checkpoints' signatures are checked (in size order, ahead of
 * the stream that needs them) and the entries outside any tree are counted on a second
 * connection that shares the snapshot ({@code pg_export_snapshot}).
 */
@Component
class JournalVerifier implements DisposableBean {

	private static final int BATCH = 2_048;

	private static final int IN_FLIGHT = 6;

	private static final String ORPHANS = """
			SELECT count(*) FROM journal_entry e
			WHERE NOT EXISTS (SELECT 1 FROM journal_leaf l WHERE l.entry_id = e.id)
			  AND NOT EXISTS (SELECT 1 FROM journal_pending p WHERE p.entry_id = e.id)
			""";

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private final TransactionTemplate snapshot;

	private final CheckpointSigner signer;

	private final ConfiguredWitnesses witnesses;

	private final Clock clock;

	private final ExecutorService hashing;

	/** Signature checks and the orphan count, beside the stream. */
	private final ExecutorService beside;

	private final ThreadLocal<CanonicalEncoder> encoders = ThreadLocal.withInitial(CanonicalEncoder::new);

	JournalVerifier(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions,
			CheckpointSigner signer, ConfiguredWitnesses witnesses, Clock clock) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.signer = signer;
		this.witnesses = witnesses;
		this.clock = clock;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setReadOnly(true);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.hashing = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
			Thread thread = new Thread(r, "mandat-journal-verifier");
			thread.setDaemon(true);
			return thread;
		});
		this.beside = Executors.newFixedThreadPool(2, r -> {
			Thread thread = new Thread(r, "mandat-journal-verifier-beside");
			thread.setDaemon(true);
			return thread;
		});
	}

	VerificationReport verifyAll() {
		return verify(null);
	}

	/**
	 * @param reference a checkpoint the auditor trusts, already checked against the
	 * journal's key
	 */
	VerificationReport verify(@Nullable Checkpoint reference) {
		VerificationReport report = this.snapshot.execute(status -> run(reference));
		if (report == null) {
			throw new IllegalStateException("No report");
		}
		return report;
	}

	private VerificationReport run(@Nullable Checkpoint reference) {
		Instant started = this.clock.instant();
		Expectations expected = new Expectations();
		long checkpoints = expected.checkpoints(this.jdbc, this.signer, this.beside);
		expected.witnessed(this.jdbc);
		if (reference != null) {
			expected.add(reference.size(), reference.rootHash(), Kind.REFERENCE, null);
		}
		Run state = new Run(started, checkpoints, expected);
		Future<Long> orphans = countOrphansBeside();
		try {
			stream(state);
			state.finish(orphans);
		}
		catch (Broken broken) {
			return broken.report;
		}
		finally {
			orphans.cancel(true);
		}
		List<String> findings = new ArrayList<>();
		this.jdbc.sql("SELECT witness, problem FROM journal_witness WHERE alarm ORDER BY witness")
			.query((rs, n) -> "Le témoin " + rs.getString(1) + " signale : " + rs.getString(2))
			.list()
			.forEach(findings::add);
		String referenceText = (reference != null)
				? "les " + reference.size() + " premières entrées donnent la racine du point de contrôle de référence"
				: null;
		return new VerificationReport(findings.isEmpty(), state.count, checkpoints, state.verifiedSize, null, null,
				Duration.between(started, this.clock.instant()), state.witnessedSize, referenceText, findings);
	}

	private void stream(Run state) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		ArrayDeque<Batch> inFlight = new ArrayDeque<>();
		try (EntryCopy copy = EntryCopy.open(connection, EntryCopy.QUERY)) {
			List<EntryCopy.Row> rows = new ArrayList<>(BATCH);
			EntryCopy.Row row;
			while ((row = copy.next()) != null) {
				rows.add(row);
				if (rows.size() == BATCH) {
					inFlight.add(submit(rows));
					rows = new ArrayList<>(BATCH);
					if (inFlight.size() >= IN_FLIGHT) {
						state.check(inFlight.poll());
					}
				}
			}
			if (!rows.isEmpty()) {
				inFlight.add(submit(rows));
			}
			while (!inFlight.isEmpty()) {
				state.check(inFlight.poll());
			}
		}
		catch (IOException | SQLException ex) {
			throw new IllegalStateException("Could not read the journal", ex);
		}
		finally {
			inFlight.forEach(batch -> batch.leaves().cancel(true));
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * Counts the entries in no tree and not waiting for the sequencer, in this
	 * transaction's snapshot, on a second connection while the stream runs; on this
	 * connection afterwards when no second one can be had.
	 */
	private Future<Long> countOrphansBeside() {
		String snapshot = this.jdbc.sql("SELECT pg_export_snapshot()").query(String.class).single();
		if (!snapshot.matches("[0-9A-Fa-f-]+")) {
			return CompletableFuture.completedFuture(-1L);
		}
		return this.beside.submit(() -> {
			try (Connection other = this.dataSource.getConnection()) {
				other.setAutoCommit(false);
				other.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
				other.setReadOnly(true);
				try (Statement statement = other.createStatement()) {
					statement.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
					try (ResultSet count = statement.executeQuery(ORPHANS)) {
						count.next();
						return count.getLong(1);
					}
				}
				finally {
					other.rollback();
				}
			}
			catch (SQLException ex) {
				return -1L;
			}
		});
	}

	private Batch submit(List<EntryCopy.Row> rows) {
		return new Batch(rows, this.hashing.submit(() -> {
			CanonicalEncoder encoder = this.encoders.get();
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			byte[][] leaves = new byte[rows.size()][];
			for (int i = 0; i < rows.size(); i++) {
				sha256.update((byte) 0);
				leaves[i] = sha256.digest(rows.get(i).canonical(encoder));
			}
			return leaves;
		}));
	}

	@Override
	public void destroy() {
		this.hashing.shutdownNow();
		this.beside.shutdownNow();
	}

	private record Batch(List<EntryCopy.Row> rows, Future<byte[][]> leaves) {
	}

	private enum Kind {

		CHECKPOINT, WITNESSED, COSIGNED, REFERENCE

	}

	/**
	 * @param badSignature for a checkpoint, what is wrong with its signature (null when
	 * it is valid), checked beside the stream
	 */
	private record Expectation(byte[] root, Kind kind, @Nullable Future<@Nullable String> badSignature) {

		@Nullable String signatureProblem() {
			if (this.badSignature == null) {
				return null;
			}
			try {
				return this.badSignature.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("Could not check a checkpoint's signature", ex.getCause());
			}
		}

	}

	/** Roots the rebuilt tree must have, by size. */
	private static final class Expectations {

		private final TreeMap<Long, List<Expectation>> bySize = new TreeMap<>();

		void add(long size, byte[] root, Kind kind, @Nullable Future<@Nullable String> badSignature) {
			this.bySize.computeIfAbsent(size, s -> new ArrayList<>()).add(new Expectation(root, kind, badSignature));
		}

		/**
		 * Reads the checkpoints and has their signatures checked on {@code checks}, in
		 * size order: the stream reaches them in that order too.
		 */
		long checkpoints(JdbcClient jdbc, CheckpointSigner signer, ExecutorService checks) {
			long[] count = { 0 };
			jdbc.sql("SELECT tree_size, root_hash, signed_note FROM journal_checkpoint ORDER BY tree_size")
				.query(rs -> {
					long size = rs.getLong(1);
					byte[] root = rs.getBytes(2);
					String note = rs.getString(3);
					add(size, root, Kind.CHECKPOINT,
							CompletableFuture.supplyAsync(() -> signatureProblem(size, root, note, signer), checks));
					count[0]++;
				});
			return count[0];
		}

		void witnessed(JdbcClient jdbc) {
			jdbc.sql("SELECT tree_size, root_hash FROM journal_witnessed")
				.query((RowCallbackHandler) rs -> add(rs.getLong(1), rs.getBytes(2), Kind.WITNESSED, null));
			// The largest size each witness cosigned: beyond the entries, the end of the
			// journal is gone.
			jdbc.sql("""
					SELECT DISTINCT ON (witness) tree_size, root_hash FROM journal_cosignature
					ORDER BY witness, tree_size DESC
					""").query((RowCallbackHandler) rs -> add(rs.getLong(1), rs.getBytes(2), Kind.COSIGNED, null));
		}

		private static @Nullable String signatureProblem(long size, byte[] root, String note, CheckpointSigner signer) {
			try {
				Checkpoint signed = signer.verify(note);
				if (signed.size() != size || !MessageDigest.isEqual(signed.rootHash(), root)) {
					return "Le point de contrôle de taille " + size + " ne correspond pas à sa signature.";
				}
				return null;
			}
			catch (ProofException ex) {
				return "La signature du point de contrôle de taille " + size + " n'est pas valide.";
			}
		}

	}

	/** The verification as it goes. */
	private final class Run {

		private final Instant started;

		private final long checkpoints;

		private final Expectations expected;

		private final RootBuilder tree = new RootBuilder();

		private long count;

		private @Nullable Long verifiedSize;

		private @Nullable Long witnessedSize;

		Run(Instant started, long checkpoints, Expectations expected) {
			this.started = started;
			this.checkpoints = checkpoints;
			this.expected = expected;
		}

		void check(@Nullable Batch batch) {
			if (batch == null) {
				return;
			}
			byte[][] leaves;
			try {
				leaves = batch.leaves().get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("Could not hash the journal's entries", ex.getCause());
			}
			for (int i = 0; i < leaves.length; i++) {
				EntryCopy.Row row = batch.rows().get(i);
				long index = this.count;
				if (row.index() != index) {
					fail(index, "L'entrée n° " + index + " manque : la suivante porte le n° " + row.index() + ".");
				}
				byte[] leaf = leaves[i];
				if (!MessageDigest.isEqual(leaf, row.leafHash())) {
					// The fast encoder and the reference form differ only on malformed
					// data: decide with the reference form.
					leaf = Hashes.leaf(EntryCanonicalForm.of(row.entry()));
				}
				if (!MessageDigest.isEqual(leaf, row.leafHash()) || row.levelZero() == null
						|| !MessageDigest.isEqual(leaf, row.levelZero())) {
					fail(index, "Le contenu de l'entrée n° " + index
							+ " ne correspond plus à ce qui a été inscrit dans l'arbre.");
				}
				this.tree.append(leaf);
				this.count++;
				List<Expectation> here = this.expected.bySize.remove(this.tree.size());
				if (here != null) {
					reached(here);
				}
			}
		}

		private void reached(List<Expectation> expectations) {
			long size = this.tree.size();
			byte[] root = this.tree.root();
			for (Expectation expectation : expectations) {
				boolean matches = MessageDigest.isEqual(root, expectation.root());
				switch (expectation.kind()) {
					case CHECKPOINT -> {
						String badSignature = expectation.signatureProblem();
						if (badSignature != null) {
							fail(this.verifiedSize, badSignature);
						}
						if (!matches) {
							fail(this.verifiedSize, "L'arbre reconstruit à partir des entrées ne donne pas la racine "
									+ "signée au point de contrôle de taille " + size + ".");
						}
						this.verifiedSize = size;
					}
					case WITNESSED, COSIGNED -> {
						if (!matches) {
							fail(this.verifiedSize, "Les témoins ont cosigné pour la taille " + size
									+ " une autre racine que celle de l'arbre reconstruit : le journal a été réécrit depuis.");
						}
						if (expectation.kind() == Kind.WITNESSED) {
							this.witnessedSize = size;
						}
					}
					case REFERENCE -> {
						if (!matches) {
							fail(this.verifiedSize, "Les " + size
									+ " premières entrées ne donnent pas la racine du point "
									+ "de contrôle de référence : l'histoire du journal a été réécrite (vue divergente).");
						}
					}
				}
			}
		}

		void finish(Future<Long> orphansBeside) {
			for (Map.Entry<Long, List<Expectation>> beyond : this.expected.bySize.entrySet()) {
				long size = beyond.getKey();
				for (Expectation expectation : beyond.getValue()) {
					switch (expectation.kind()) {
						case CHECKPOINT -> fail(this.count, "Le point de contrôle de taille " + size
								+ " couvre des entrées qui n'existent plus (il en reste " + this.count + ").");
						case WITNESSED,
								COSIGNED ->
							fail(this.count,
									"Les témoins ont cosigné un journal de " + size + " entrées ; il n'en reste que "
											+ this.count + " : la fin du journal a été supprimée.");
						case REFERENCE -> fail(this.count,
								"Le point de contrôle de référence couvre " + size
										+ " entrées ; le journal n'en compte que " + this.count
										+ " : il a été ramené en arrière ou tronqué.");
					}
				}
			}
			long orphans = orphans(orphansBeside);
			if (orphans > 0) {
				fail(this.count,
						orphans + " entrée(s) ont été ajoutées hors du séquenceur : elles ne sont dans aucun arbre.");
			}
		}

		private long orphans(Future<Long> beside) {
			long counted;
			try {
				counted = beside.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
			catch (ExecutionException ex) {
				counted = -1L;
			}
			return (counted >= 0) ? counted : JournalVerifier.this.jdbc.sql(ORPHANS).query(Long.class).single();
		}

		private void fail(@Nullable Long firstBadIndex, String problem) {
			throw new Broken(new VerificationReport(false, this.count, this.checkpoints, null,
					(firstBadIndex != null) ? firstBadIndex : 0L, problem,
					Duration.between(this.started, JournalVerifier.this.clock.instant()), this.witnessedSize, null,
					List.of()));
		}

	}

	/** Ends the verification at the first problem. */
	private static final class Broken extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient VerificationReport report;

		Broken(VerificationReport report) {
			super(null, null, false, false);
			this.report = report;
		}

	}

}
