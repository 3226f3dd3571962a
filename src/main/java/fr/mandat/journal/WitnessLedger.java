package fr.mandat.journal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the witnesses told us: their cosignatures, their state, the witnessed checkpoints.
 */
@Repository
class WitnessLedger {

	private final JdbcClient jdbc;

	WitnessLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<SignedRow> latestCheckpoint() {
		return this.jdbc
			.sql("SELECT tree_size, root_hash, signed_note, created_at FROM journal_checkpoint "
					+ "ORDER BY tree_size DESC LIMIT 1")
			.query((rs, n) -> new SignedRow(rs.getLong(1), rs.getBytes(2), rs.getString(3),
					rs.getTimestamp(4).toInstant()))
			.optional();
	}

	/** Each witness's state, creating the rows of witnesses seen for the first time. */
	Map<String, WitnessState> states(List<String> witnesses) {
		for (String witness : witnesses) {
			this.jdbc.sql("INSERT INTO journal_witness (witness) VALUES (:w) ON CONFLICT DO NOTHING")
				.param("w", witness)
				.update();
		}
		Map<String, WitnessState> states = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT witness, known_size, last_success_at, last_failure_at, failures, problem, alarm
				FROM journal_witness WHERE witness = ANY(:names)
				""").param("names", witnesses.toArray(String[]::new)).query((rs, n) -> {
			WitnessState state = new WitnessState(rs.getString(1), rs.getLong(2), instant(rs.getTimestamp(3)),
					instant(rs.getTimestamp(4)), rs.getInt(5), rs.getString(6), rs.getBoolean(7));
			states.put(state.witness(), state);
			return state;
		}).list();
		return states;
	}

	boolean hasCosignature(long size, String witness) {
		return this.jdbc.sql("SELECT count(*) FROM journal_cosignature WHERE tree_size = :size AND witness = :w")
			.param("size", size)
			.param("w", witness)
			.query(Long.class)
			.single() > 0;
	}

	void storeCosignature(long size, byte[] root, String witness, String line, Instant cosignedAt, Instant now) {
		this.jdbc
			.sql("""
					INSERT INTO journal_cosignature (tree_size, root_hash, witness, signature_line, cosigned_at, received_at)
					VALUES (:size, :root, :w, :line, :cosignedAt, :now) ON CONFLICT DO NOTHING
					""")
			.param("size", size)
			.param("root", root)
			.param("w", witness)
			.param("line", line)
			.param("cosignedAt", Timestamp.from(cosignedAt))
			.param("now", Timestamp.from(now))
			.update();
	}

	/** The stored cosignature lines on this size and root, by witness. */
	Map<String, String> cosignatures(long size, byte[] root) {
		Map<String, String> lines = new LinkedHashMap<>();
		this.jdbc.sql(
				"SELECT witness, signature_line FROM journal_cosignature WHERE tree_size = :size AND root_hash = :root "
						+ "ORDER BY witness")
			.param("size", size)
			.param("root", root)
			.query((rs, n) -> lines.put(rs.getString(1), rs.getString(2)))
			.list();
		return lines;
	}

	void succeeded(String witness, long size, Instant now) {
		this.jdbc.sql("""
				UPDATE journal_witness SET known_size = :size, last_success_at = :now, failures = 0, problem = NULL,
				       alarm = false
				WHERE witness = :w
				""").param("size", size).param("now", Timestamp.from(now)).param("w", witness).update();
	}

	void failed(String witness, @Nullable Long knownSize, String problem, boolean alarm, Instant now) {
		this.jdbc.sql("""
				UPDATE journal_witness SET known_size = coalesce(:size, known_size), last_failure_at = :now,
				       failures = failures + 1, problem = :problem, alarm = :alarm
				WHERE witness = :w
				""")
			.param("size", knownSize)
			.param("now", Timestamp.from(now))
			.param("problem", problem)
			.param("alarm", alarm)
			.param("w", witness)
			.update();
	}

	boolean isWitnessed(long size) {
		return this.jdbc.sql("SELECT count(*) FROM journal_witnessed WHERE tree_size = :size")
			.param("size", size)
			.query(Long.class)
			.single() > 0;
	}

	void witnessed(long size, byte[] root, String cosignedNote, Instant now) {
		this.jdbc.sql("""
				INSERT INTO journal_witnessed (tree_size, root_hash, cosigned_note, witnessed_at)
				VALUES (:size, :root, :note, :now) ON CONFLICT DO NOTHING
				""")
			.param("size", size)
			.param("root", root)
			.param("note", cosignedNote)
			.param("now", Timestamp.from(now))
			.update();
	}

	/** The largest witnessed checkpoints, largest first. */
	List<WitnessedRow> latestWitnessed(int limit) {
		return this.jdbc.sql("""
				SELECT w.tree_size, w.root_hash, w.cosigned_note, w.witnessed_at, c.created_at
				FROM journal_witnessed w LEFT JOIN journal_checkpoint c ON c.tree_size = w.tree_size
				ORDER BY w.tree_size DESC LIMIT :limit
				""")
			.param("limit", limit)
			.query((rs, n) -> new WitnessedRow(rs.getLong(1), rs.getBytes(2), rs.getString(3),
					rs.getTimestamp(4).toInstant(), instant(rs.getTimestamp(5))))
			.list();
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	record SignedRow(long size, byte[] root, String note, Instant createdAt) {
	}

	record WitnessedRow(long size, byte[] root, String note, Instant witnessedAt, @Nullable Instant signedAt) {
	}

	/**
	 * @param knownSize the size of the latest checkpoint the witness cosigned, as far as
	 * we know
	 * @param problem what went wrong last (French), null when the last exchange worked
	 * @param alarm whether the witness's refusal means the journal is not what it saw
	 */
	record WitnessState(String witness, long knownSize, @Nullable Instant lastSuccessAt,
			@Nullable Instant lastFailureAt, int failures, @Nullable String problem, boolean alarm) {
	}

}
