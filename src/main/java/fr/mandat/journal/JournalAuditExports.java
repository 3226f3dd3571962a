package fr.mandat.journal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import fr.mandat.journal.EntryCanonicalForm.StoredEntry;
import fr.mandat.journal.JournalAudit.ExportStream;
import fr.mandat.journal.JournalAudit.SignedCheckpoint;
import fr.mandat.journal.JournalAudit.JournalBundle;
import fr.mandat.journal.JournalAudit.BundleEntry;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.proof.MerkleTree;
import fr.mandat.journal.proof.NodeStore;
import fr.mandat.journal.proof.Tiles;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Exports for auditors: bundles of entries with their proofs, streamed ranges and
 * selections, and the tiles' entry bundles. Every export is journaled.
 */
@Component
class JournalAuditExports {

	static final int MAX_EXPORT = 1_000;

	private final JdbcClient jdbc;

	private final Journal journal;

	private final CheckpointSigner signer;

	private final TransactionTemplate transactions;

	private final JournalExports exports;

	private final JournalAuditSearch search;

	private final JournalAuditProofs proofs;

	JournalAuditExports(JdbcClient jdbc, Journal journal, CheckpointSigner signer, TransactionTemplate transactions,
			JournalExports exports, JournalAuditSearch search, JournalAuditProofs proofs) {
		this.jdbc = jdbc;
		this.journal = journal;
		this.signer = signer;
		this.transactions = transactions;
		this.exports = exports;
		this.search = search;
		this.proofs = proofs;
	}

	JournalBundle exportSelection(JournalQuery query, Actor auditor) {
		return JournalAuditProofs.inTransaction(this.transactions, () -> {
			SignedCheckpoint checkpoint = this.proofs.exportCheckpoint();
			JournalAuditSearch.Selection selection = this.search.select(query, true);
			NodeStore nodes = JournalAuditProofs.cached(new JdbcNodeStore(this.jdbc));
			List<JournalPage.Item> sealed = selection.page()
				.entries()
				.stream()
				.filter(item -> item.index() != null && item.index() < checkpoint.treeSize())
				.toList();
			Map<UUID, StoredEntry> entries = JournalEntries
				.load(this.jdbc, sealed.stream().map(JournalPage.Item::id).toList())
				.stream()
				.collect(Collectors.toMap(StoredEntry::id, Function.identity()));
			List<BundleEntry> bundle = new ArrayList<>();
			for (JournalPage.Item item : sealed) {
				Long sealedIndex = item.index();
				if (sealedIndex == null) {
					continue;
				}
				long index = sealedIndex;
				bundle.add(new BundleEntry(index,
						new String(EntryCanonicalForm.of(JournalAuditProofs.entry(entries, item.id())),
								StandardCharsets.UTF_8),
						MerkleTree.inclusionProof(index, checkpoint.treeSize(), nodes)
							.stream()
							.map(JournalAuditProofs::base64)
							.toList()));
			}
			Map<String, Object> details = new HashMap<>(selection.criteria());
			details.put("count", bundle.size());
			details.put("treeSize", checkpoint.treeSize());
			this.journal.record(JournalRecord.of(auditor, JournalAction.JOURNAL_EXPORTED).withPayload(details));
			return new JournalBundle(JournalBundle.FORMAT, this.signer.verifierKey().name(),
					this.signer.verifierKey().encoded(), checkpoint, bundle);
		});
	}

	ExportStream exportRange(long from, @Nullable Long to, @Nullable Long reference, Actor auditor) {
		SignedCheckpoint checkpoint = this.proofs.exportCheckpoint();
		long end = (to != null) ? to : checkpoint.treeSize();
		if (from < 0 || end <= from) {
			throw JournalQueryException.invalid("Une exportation porte sur les entrées de « from » (positif ou nul) "
					+ "à « to » (exclu), avec from < to.");
		}
		if (end > checkpoint.treeSize()) {
			throw JournalQueryException.notFound("Le point de contrôle témoin compte " + checkpoint.treeSize()
					+ " entrées : l'export ne peut pas aller jusqu'au n° " + (end - 1) + ".");
		}
		checkReference(reference);
		Map<String, Object> consistency = this.exports.consistency(reference, checkpoint.treeSize());
		Map<String, Object> details = new HashMap<>();
		details.put("fromIndex", from);
		details.put("toIndex", end);
		details.put("treeSize", checkpoint.treeSize());
		details.put("stream", true);
		JournalAuditProofs.inTransaction(this.transactions, () -> this.journal
			.record(JournalRecord.of(auditor, JournalAction.JOURNAL_EXPORTED).withPayload(details)));
		String key = this.signer.verifierKey().encoded();
		return stream(checkpoint.treeSize(), out -> this.exports.range(checkpoint, key, from, end, consistency, out));
	}

	ExportStream exportSelection(JournalQuery query, @Nullable Long reference, Actor auditor) {
		SignedCheckpoint checkpoint = this.proofs.exportCheckpoint();
		checkReference(reference);
		JournalSearchSql search = JournalSearchSql.of(query);
		Map<String, Object> consistency = this.exports.consistency(reference, checkpoint.treeSize());
		Map<String, Object> details = new HashMap<>(search.criteria());
		details.put("treeSize", checkpoint.treeSize());
		details.put("stream", true);
		JournalAuditProofs.inTransaction(this.transactions, () -> this.journal
			.record(JournalRecord.of(auditor, JournalAction.JOURNAL_EXPORTED).withPayload(details)));
		String key = this.signer.verifierKey().encoded();
		return stream(checkpoint.treeSize(),
				out -> this.exports.selection(checkpoint, key, search, search.criteria(), consistency, out));
	}

	private static void checkReference(@Nullable Long reference) {
		if (reference != null && reference < 1) {
			throw JournalQueryException.invalid("La taille du point de contrôle de référence est un entier positif.");
		}
	}

	private static ExportStream stream(long treeSize, java.util.function.Consumer<java.io.OutputStream> writer) {
		return new ExportStream() {

			@Override
			public long treeSize() {
				return treeSize;
			}

			@Override
			public void writeTo(java.io.OutputStream out) {
				writer.accept(out);
			}

		};
	}

	byte[] entryBundle(Tiles.Tile tile, Actor auditor) {
		if (tile.level() != 0) {
			throw JournalQueryException.notFound("Les paquets d'entrées n'existent qu'au niveau 0.");
		}
		return JournalAuditProofs.inTransaction(this.transactions, () -> {
			long signed = this.jdbc.sql("SELECT coalesce(max(tree_size), 0) FROM journal_checkpoint")
				.query(Long.class)
				.single();
			if (!tile.within(signed)) {
				throw JournalQueryException.notFound("Ce paquet d'entrées n'existe pas (encore) : le journal signé "
						+ "compte " + signed + " entrées.");
			}
			List<UUID> ids = this.jdbc
				.sql("SELECT entry_id FROM journal_leaf WHERE idx >= :from AND idx < :to ORDER BY idx")
				.param("from", tile.firstNode())
				.param("to", tile.firstNode() + tile.width())
				.query(UUID.class)
				.list();
			Map<UUID, StoredEntry> entries = JournalEntries.load(this.jdbc, ids)
				.stream()
				.collect(Collectors.toMap(StoredEntry::id, Function.identity()));
			java.io.ByteArrayOutputStream bundle = new java.io.ByteArrayOutputStream();
			for (UUID id : ids) {
				byte[] entry = EntryCanonicalForm.of(JournalAuditProofs.entry(entries, id));
				if (entry.length > 0xFFFF) {
					throw new IllegalStateException("An entry is too long for an entry bundle");
				}
				bundle.write(entry.length >> 8);
				bundle.write(entry.length & 0xFF);
				bundle.writeBytes(entry);
			}
			this.journal.record(JournalRecord.of(auditor, JournalAction.JOURNAL_EXPORTED)
				.withPayload(Map.of("entryBundle", tile.path())));
			return bundle.toByteArray();
		});
	}

	JournalBundle export(long fromIndex, int count, Actor auditor) {
		if (fromIndex < 0 || count < 1 || count > MAX_EXPORT) {
			throw JournalQueryException.invalid(
					"Une exportation porte sur 1 à " + MAX_EXPORT + " entrées, à partir d'un numéro positif ou nul.");
		}
		return JournalAuditProofs.inTransaction(this.transactions, () -> {
			SignedCheckpoint checkpoint = this.proofs.exportCheckpoint();
			if (fromIndex >= checkpoint.treeSize()) {
				throw JournalQueryException.notFound("Le journal signé compte " + checkpoint.treeSize()
						+ " entrées : rien à exporter à partir du n° " + fromIndex + ".");
			}
			int available = (int) Math.min(count, checkpoint.treeSize() - fromIndex);
			List<BundleEntry> entries = this.proofs.bundleEntries(fromIndex, available, checkpoint.treeSize(),
					JournalAuditProofs.cached(new JdbcNodeStore(this.jdbc)));
			this.journal.record(JournalRecord.of(auditor, JournalAction.JOURNAL_EXPORTED)
				.withPayload(Map.of("fromIndex", fromIndex, "count", available, "treeSize", checkpoint.treeSize())));
			return new JournalBundle(JournalBundle.FORMAT, this.signer.verifierKey().name(),
					this.signer.verifierKey().encoded(), checkpoint, entries);
		});
	}

}
