package fr.mandat.journal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import fr.mandat.journal.EntryCanonicalForm.StoredEntry;
import fr.mandat.journal.JournalAudit.SignedCheckpoint;
import fr.mandat.journal.proof.MerkleTree;
import fr.mandat.journal.proof.NodeStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams exports as NDJSON ({@value #FORMAT}), with no size limit: a header line (the
 * checkpoint, cosigned when witnessed, the verifier key, what is exported and, when
 * asked, a consistency proof from the auditor's reference size), one line per entry (its
 * canonical JSON and inclusion proof) and a last line that says the export is complete.
 * Rows are read with a database cursor in one repeatable-read snapshot, so memory stays
 * flat whatever the size.
 */
@Component
class JournalExports {

	static final String FORMAT = "mandat-journal-ndjson/1";

	private static final int FETCH = 1_000;

	private static final String COLUMNS = "l.idx, l.leaf_hash, e.id, e.recorded_at, e.action, e.actor_type, "
			+ "e.actor_id, e.structure_id, e.mandate_id, e.usager_ref, e.demarche, e.payload";

	private final JdbcClient jdbc;

	private final JdbcTemplate cursor;

	private final TransactionTemplate snapshot;

	private final JsonMapper json = JsonMapper.builder().build();

	JournalExports(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.cursor = new JdbcTemplate(dataSource);
		this.cursor.setFetchSize(FETCH);
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setReadOnly(true);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
	}

	/** The header's description of a consistency proof from the auditor's reference. */
	@Nullable Map<String, Object> consistency(@Nullable Long reference, long treeSize) {
		if (reference == null || reference > treeSize) {
			return null;
		}
		List<String> proof = (reference.longValue() == treeSize) ? List.of()
				: MerkleTree.consistencyProof(reference, treeSize, new JdbcNodeStore(this.jdbc))
					.stream()
					.map(h -> Base64.getEncoder().encodeToString(h))
					.toList();
		Map<String, Object> consistency = new LinkedHashMap<>();
		consistency.put("fromSize", reference);
		consistency.put("proof", proof);
		return consistency;
	}

	/** Entries from {@code from} (included) to {@code to} (excluded), in index order. */
	void range(SignedCheckpoint checkpoint, String verifierKey, long from, long to,
			@Nullable Map<String, Object> consistency, OutputStream out) {
		Map<String, Object> range = new LinkedHashMap<>();
		range.put("from", from);
		range.put("to", to);
		this.snapshot.executeWithoutResult(status -> {
			Writer writer = new Writer(out);
			writer.header(checkpoint, verifierKey, "range", range, consistency);
			BlockNodes nodes = new BlockNodes(new JdbcNodeStore(this.jdbc));
			List<Row> block = new ArrayList<>(BlockNodes.BLOCK);
			long[] next = { from };
			this.cursor.query("SELECT " + COLUMNS
					+ " FROM journal_leaf l JOIN journal_entry e ON e.id = l.entry_id WHERE l.idx >= ? AND l.idx < ? "
					+ "ORDER BY l.idx", rs -> {
						Row row = row(rs);
						if (row.index() != next[0]) {
							throw new IllegalStateException("Entry " + next[0] + " is missing from the journal");
						}
						next[0]++;
						if (!block.isEmpty() && row.index() % BlockNodes.BLOCK == 0) {
							writeBlock(block, nodes, checkpoint.treeSize(), writer);
						}
						block.add(row);
					}, from, to);
			if (!block.isEmpty()) {
				writeBlock(block, nodes, checkpoint.treeSize(), writer);
			}
			writer.end();
		});
	}

	/** The entries a search selects, newest first, all of them. */
	void selection(SignedCheckpoint checkpoint, String verifierKey, JournalSearchSql search,
			Map<String, Object> criteria, @Nullable Map<String, Object> consistency, OutputStream out) {
		this.snapshot.executeWithoutResult(status -> {
			Writer writer = new Writer(out);
			writer.header(checkpoint, verifierKey, "selection", criteria, consistency);
			NodeStore nodes = new BlockNodes(new JdbcNodeStore(this.jdbc));
			List<Object> params = new ArrayList<>(search.params());
			params.add(checkpoint.treeSize());
			this.cursor
				.query("SELECT " + COLUMNS + " FROM journal_entry e JOIN journal_leaf l ON l.entry_id = e.id WHERE "
						+ search.where() + " AND l.idx < ? ORDER BY e.recorded_at DESC, e.id DESC", rs -> {
							Row row = row(rs);
							writer.entry(row, MerkleTree.inclusionProof(row.index(), checkpoint.treeSize(), nodes));
						}, params.toArray());
			writer.end();
		});
	}

	private static void writeBlock(List<Row> block, BlockNodes nodes, long treeSize, Writer writer) {
		long start = block.get(0).index() - (block.get(0).index() % BlockNodes.BLOCK);
		List<byte[]> leaves = new ArrayList<>();
		if (start == block.get(0).index()) {
			block.forEach(r -> leaves.add(r.leafHash()));
			nodes.block(start, leaves);
		}
		else {
			// A range that starts inside a block: only stored nodes for this one.
			nodes.block(block.get(0).index(), List.of());
		}
		for (Row row : block) {
			writer.entry(row, MerkleTree.inclusionProof(row.index(), treeSize, nodes));
		}
		block.clear();
	}

	private static Row row(ResultSet rs) throws SQLException {
		return new Row(rs.getLong("idx"), rs.getBytes("leaf_hash"),
				new StoredEntry(rs.getObject("id", UUID.class), rs.getTimestamp("recorded_at").toInstant(),
						rs.getString("action"), rs.getString("actor_type"), rs.getString("actor_id"),
						rs.getObject("structure_id", UUID.class), rs.getObject("mandate_id", UUID.class),
						rs.getString("usager_ref"), rs.getString("demarche"), rs.getString("payload")));
	}

	private record Row(long index, byte[] leafHash, StoredEntry entry) {
	}

	/** One JSON document per line. */
	private final class Writer {

		private final OutputStream out;

		private long entries;

		Writer(OutputStream out) {
			this.out = out;
		}

		void header(SignedCheckpoint checkpoint, String verifierKey, String kind, Map<String, Object> what,
				@Nullable Map<String, Object> consistency) {
			Map<String, Object> header = new LinkedHashMap<>();
			header.put("format", FORMAT);
			header.put("verifierKey", verifierKey);
			header.put("treeSize", checkpoint.treeSize());
			header.put("checkpoint", checkpoint.signedNote());
			header.put(kind, what);
			header.put("consistency", consistency);
			line(header);
		}

		void entry(Row row, List<byte[]> proof) {
			Map<String, Object> line = new LinkedHashMap<>();
			line.put("index", row.index());
			line.put("entry", new String(EntryCanonicalForm.of(row.entry()), StandardCharsets.UTF_8));
			line.put("inclusionProof", proof.stream().map(h -> Base64.getEncoder().encodeToString(h)).toList());
			line(line);
			this.entries++;
		}

		void end() {
			Map<String, Object> end = new LinkedHashMap<>();
			end.put("end", true);
			end.put("entries", this.entries);
			line(end);
			try {
				this.out.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private void line(Map<String, Object> document) {
			try {
				this.out.write(JournalExports.this.json.writeValueAsBytes(document));
				this.out.write('\n');
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
