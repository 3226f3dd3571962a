package fr.mandat.journal;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import fr.mandat.journal.EntryCanonicalForm.StoredEntry;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.TreeAppender;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the full verification is measured against, in the same benchmark run (test scope
 * only): the bound (reading the very rows the verification reads, with {@code COPY}, and
 * hashing their bytes) and the verification as it was before issue 13 (chunks of 5,000
 * rows through JDBC, Jackson and the RFC 8785 canonicalizer, hashing after reading).
 */
public final class VerificationBaselines {

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final TransactionTemplate snapshot;

	public VerificationBaselines(DataSource dataSource, JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setReadOnly(true);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
	}

	/** The query the verification streams. */
	public static String query() {
		return EntryCopy.QUERY;
	}

	/** Reads the verification's rows with binary COPY and SHA-256s each row's bytes. */
	public Measure readAndHashBound() {
		return this.snapshot.execute(status -> {
			long started = System.nanoTime();
			Connection connection = DataSourceUtils.getConnection(this.dataSource);
			long rows = 0;
			long bytes = 0;
			try (EntryCopy copy = EntryCopy.open(connection, EntryCopy.QUERY)) {
				MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
				byte[] row;
				while ((row = copy.nextRaw()) != null) {
					sha256.update((byte) 0);
					sha256.digest(row);
					rows++;
					bytes += row.length;
				}
			}
			catch (IOException | SQLException | NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				DataSourceUtils.releaseConnection(connection, this.dataSource);
			}
			return new Measure(rows, bytes, Duration.ofNanos(System.nanoTime() - started));
		});
	}

	/** The previous verification's work: same reads, same canonical form, same checks. */
	public Measure previousVerification() {
		return this.snapshot.execute(status -> {
			long started = System.nanoTime();
			TreeAppender tree = TreeAppender.empty();
			long expected = 0;
			while (true) {
				List<Row> rows = chunk(expected);
				for (Row row : rows) {
					if (row.index() != expected) {
						throw new IllegalStateException("Entry " + expected + " missing");
					}
					byte[] leaf = Hashes.leaf(EntryCanonicalForm.of(row.entry()));
					if (!MessageDigest.isEqual(leaf, row.leafHash()) || !MessageDigest.isEqual(leaf, row.levelZero())) {
						throw new IllegalStateException("Entry " + expected + " altered");
					}
					tree.append(List.of(leaf));
					expected++;
				}
				if (rows.size() < 5_000) {
					break;
				}
			}
			tree.root();
			return new Measure(expected, 0, Duration.ofNanos(System.nanoTime() - started));
		});
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
				LIMIT 5000
				""").param("from", from).query((rs, n) -> {
			byte[] levelZero = rs.getBytes("level_zero");
			return new Row(rs.getLong("idx"), rs.getBytes("leaf_hash"), (levelZero != null) ? levelZero : new byte[0],
					new StoredEntry(rs.getObject("id", UUID.class), rs.getTimestamp("recorded_at").toInstant(),
							rs.getString("action"), rs.getString("actor_type"), rs.getString("actor_id"),
							rs.getObject("structure_id", UUID.class), rs.getObject("mandate_id", UUID.class),
							rs.getString("usager_ref"), rs.getString("demarche"), rs.getString("payload")));
		}).list();
	}

	private record Row(long index, byte[] leafHash, byte[] levelZero, StoredEntry entry) {
	}

	/** Rows handled, bytes hashed (for the bound), and the time taken. */
	public record Measure(long rows, long bytes, Duration duration) {

		public double perSecond() {
			return this.rows / Math.max(1e-9, this.duration.toNanos() / 1e9);
		}

	}

}
