package fr.mandat.journal;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import fr.mandat.journal.EntryCanonicalForm.StoredEntry;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.MerkleTree;
import fr.mandat.journal.proof.NodeStore;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.journal.proof.Tiles;
import fr.mandat.journal.proof.TlogProof;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

@Service
class JdbcJournalAudit implements JournalAudit {

	static final int MAX_EXPORT = 1_000;

	private final JdbcClient jdbc;

	private final Journal journal;

	private final JournalVerifier verifier;

	private final CheckpointSigner signer;

	private final TransactionTemplate transactions;

	private final WitnessLedger witnessLedger;

	private final ConfiguredWitnesses witnesses;

	private final PublicCheckpoints publicCheckpoints;

	private final JournalExports exports;

	JdbcJournalAudit(JdbcClient jdbc, Journal journal, JournalVerifier verifier, CheckpointSigner signer,
			TransactionTemplate transactions, WitnessLedger witnessLedger, ConfiguredWitnesses witnesses,
			PublicCheckpoints publicCheckpoints, JournalExports exports) {
		this.exports = exports;
		this.witnessLedger = witnessLedger;
		this.witnesses = witnesses;
		this.publicCheckpoints = publicCheckpoints;
		this.jdbc = jdbc;
		this.journal = journal;
		this.verifier = verifier;
		this.signer = signer;
		this.transactions = transactions;
	}

	@Override
	public JournalPage search(JournalQuery query, Actor auditor) {
		return inTransaction(() -> {
			Selection selection = select(query, false);
			this.journal
				.record(JournalRecord.of(auditor, JournalAction.JOURNAL_SEARCHED).withPayload(selection.criteria()));
			return selection.page();
		});
	}

	@Override
	public JournalBundle exportSelection(JournalQuery query, Actor auditor) {
		return inTransaction(() -> {
			SignedCheckpoint checkpoint = exportCheckpoint();
			Selection selection = select(query, true);
			NodeStore nodes = cached(new JdbcNodeStore(this.jdbc));
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
				long index = item.index();
				bundle.add(new BundleEntry(index,
						new String(EntryCanonicalForm.of(entries.get(item.id())), StandardCharsets.UTF_8),
						MerkleTree.inclusionProof(index, checkpoint.treeSize(), nodes)
							.stream()
							.map(JdbcJournalAudit::base64)
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

	private Selection select(JournalQuery query, boolean sealedOnly) {
		StringBuilder sql = new StringBuilder("SELECT e.id, l.idx, e.recorded_at, e.action, e.actor_type, e.actor_id, "
				+ "e.structure_id, e.mandate_id, e.usager_ref, e.demarche, e.payload "
				+ "FROM journal_entry e LEFT JOIN journal_leaf l ON l.entry_id = e.id WHERE true");
		Map<String, Object> params = new HashMap<>();
		Map<String, Object> criteria = new HashMap<>();
		filter(sql, params, criteria, "e.structure_id", "structure", query.structureId());
		filter(sql, params, criteria, "e.actor_id", "actor", query.actorId());
		filter(sql, params, criteria, "e.usager_ref", "usager", query.usagerRef());
		filter(sql, params, criteria, "e.demarche", "demarche", query.demarche());
		filter(sql, params, criteria, "e.action", "action", (query.action() != null) ? query.action().name() : null);
		if (query.from() != null) {
			sql.append(" AND e.recorded_at >= :from");
			params.put("from", Timestamp.from(query.from()));
			criteria.put("from", query.from().toString());
		}
		if (query.until() != null) {
			sql.append(" AND e.recorded_at < :until");
			params.put("until", Timestamp.from(query.until()));
			criteria.put("until", query.until().toString());
		}
		if (sealedOnly) {
			sql.append(" AND l.idx IS NOT NULL");
		}
		if (query.after() != null) {
			sql.append(" AND (e.recorded_at, e.id) < (:afterTime, :afterId)");
			params.put("afterTime", Timestamp.from(query.after().recordedAt()));
			params.put("afterId", query.after().id());
		}
		sql.append(" ORDER BY e.recorded_at DESC, e.id DESC LIMIT :limit");
		params.put("limit", query.size() + 1);
		List<JournalPage.Item> items = this.jdbc.sql(sql.toString())
			.params(params)
			.query((rs, n) -> new JournalPage.Item(rs.getObject("id", UUID.class), (Long) rs.getObject("idx"),
					rs.getTimestamp("recorded_at").toInstant(), rs.getString("action"), rs.getString("actor_type"),
					rs.getString("actor_id"), rs.getObject("structure_id", UUID.class),
					rs.getObject("mandate_id", UUID.class), rs.getString("usager_ref"), rs.getString("demarche"),
					rs.getString("payload")))
			.list();
		JournalQuery.Cursor next = null;
		if (items.size() > query.size()) {
			items = items.subList(0, query.size());
			JournalPage.Item last = items.get(items.size() - 1);
			next = new JournalQuery.Cursor(last.recordedAt(), last.id());
		}
		return new Selection(new JournalPage(List.copyOf(items), next), criteria);
	}

	private record Selection(JournalPage page, Map<String, Object> criteria) {
	}

	private static void filter(StringBuilder sql, Map<String, Object> params, Map<String, Object> criteria,
			String column, String name, @Nullable Object value) {
		if (value != null) {
			sql.append(" AND ").append(column).append(" = :").append(name);
			params.put(name, value);
			criteria.put(name, value.toString());
		}
	}

	@Override
	public Optional<SignedCheckpoint> latestCheckpoint() {
		return this.jdbc
			.sql("SELECT tree_size, root_hash, signed_note FROM journal_checkpoint ORDER BY tree_size DESC LIMIT 1")
			.query((rs, n) -> checkpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3)))
			.optional();
	}

	@Override
	public ExportStream exportRange(long from, @Nullable Long to, @Nullable Long reference, Actor auditor) {
		SignedCheckpoint checkpoint = exportCheckpoint();
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
		inTransaction(() -> this.journal
			.record(JournalRecord.of(auditor, JournalAction.JOURNAL_EXPORTED).withPayload(details)));
		String key = this.signer.verifierKey().encoded();
		return stream(checkpoint.treeSize(), out -> this.exports.range(checkpoint, key, from, end, consistency, out));
	}

	@Override
	public ExportStream exportSelection(JournalQuery query, @Nullable Long reference, Actor auditor) {
		SignedCheckpoint checkpoint = exportCheckpoint();
		checkReference(reference);
		JournalSearchSql search = JournalSearchSql.of(query);
		Map<String, Object> consistency = this.exports.consistency(reference, checkpoint.treeSize());
		Map<String, Object> details = new HashMap<>(search.criteria());
		details.put("treeSize", checkpoint.treeSize());
		details.put("stream", true);
		inTransaction(() -> this.journal
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

	@Override
	public String receipt(long index, Actor auditor) {
		if (index < 0) {
			throw JournalQueryException.invalid("Le numéro d'entrée doit être positif ou nul.");
		}
		return inTransaction(() -> {
			SignedCheckpoint checkpoint = exportCheckpoint();
			if (index >= checkpoint.treeSize()) {
				throw JournalQueryException.notFound("Le point de contrôle témoin de taille " + checkpoint.treeSize()
						+ " ne contient pas encore d'entrée n° " + index + ".");
			}
			BundleEntry entry = bundleEntries(index, 1, checkpoint.treeSize(), new JdbcNodeStore(this.jdbc)).get(0);
			this.journal.record(JournalRecord.of(auditor, JournalAction.JOURNAL_ENTRY_VIEWED)
				.withPayload(Map.of("index", index, "treeSize", checkpoint.treeSize(), "receipt", true)));
			return new TlogProof(entry.entry().getBytes(StandardCharsets.UTF_8), index,
					entry.inclusionProof().stream().map(h -> Base64.getDecoder().decode(h)).toList(),
					checkpoint.signedNote())
				.format();
		});
	}

	@Override
	public byte[] entryBundle(Tiles.Tile tile, Actor auditor) {
		if (tile.level() != 0) {
			throw JournalQueryException.notFound("Les paquets d'entrées n'existent qu'au niveau 0.");
		}
		return inTransaction(() -> {
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
				byte[] entry = EntryCanonicalForm.of(entries.get(id));
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

	/**
	 * The checkpoint exports prove against: the latest witnessed one, with its
	 * cosignatures; the latest signed one when no witness is configured or none has
	 * cosigned yet.
	 */
	private SignedCheckpoint exportCheckpoint() {
		if (this.witnesses.policy().quorum() > 0) {
			Optional<PublicCheckpoints.Published> published = this.publicCheckpoints.load();
			if (published.isPresent()) {
				PublicCheckpoints.Published p = published.get();
				byte[] root;
				try {
					root = Checkpoint.parse(SignedNote.parse(p.note()).text()).rootHash();
				}
				catch (ProofException ex) {
					throw new IllegalStateException("The witnessed checkpoint does not parse", ex);
				}
				return new SignedCheckpoint(p.size(), base64(root), p.note(), this.signer.verifierKey().encoded());
			}
		}
		return latestOrFail();
	}

	@Override
	public WitnessingStatus witnessing() {
		Optional<WitnessLedger.SignedRow> signed = this.witnessLedger.latestCheckpoint();
		WitnessedCheckpoint witnessed = null;
		if (this.witnesses.policy().quorum() > 0) {
			witnessed = this.publicCheckpoints.load()
				.map(p -> new WitnessedCheckpoint(p.size(), p.note(), p.witnessedBy(), p.signedAt(), p.witnessedAt()))
				.orElse(null);
		}
		Map<String, WitnessLedger.WitnessState> states = this.witnessLedger.states(this.witnesses.names());
		List<WitnessStatus> statuses = this.witnesses.all().stream().map(w -> {
			WitnessLedger.WitnessState state = states.get(w.name());
			return new WitnessStatus(w.name(), w.url().toString(), w.key().encoded(), state.knownSize(),
					state.lastSuccessAt(), state.lastFailureAt(), state.failures(), state.problem(), state.alarm());
		}).toList();
		return new WitnessingStatus(signed.map(WitnessLedger.SignedRow::size).orElse(0L),
				signed.map(WitnessLedger.SignedRow::createdAt).orElse(null), witnessed,
				this.witnesses.policy().quorum(), statuses);
	}

	@Override
	public EntryProof entryProof(long index, @Nullable Long treeSize, Actor auditor) {
		if (index < 0) {
			throw JournalQueryException.invalid("Le numéro d'entrée doit être positif ou nul.");
		}
		return inTransaction(() -> {
			SignedCheckpoint checkpoint = (treeSize != null) ? checkpointOfSize(treeSize) : latestOrFail();
			if (index >= checkpoint.treeSize()) {
				throw JournalQueryException.notFound("Le point de contrôle de taille " + checkpoint.treeSize()
						+ " ne contient pas d'entrée n° " + index + ".");
			}
			NodeStore nodes = new JdbcNodeStore(this.jdbc);
			BundleEntry entry = bundleEntries(index, 1, checkpoint.treeSize(), nodes).get(0);
			this.journal.record(JournalRecord.of(auditor, JournalAction.JOURNAL_ENTRY_VIEWED)
				.withPayload(Map.of("index", index, "treeSize", checkpoint.treeSize())));
			return new EntryProof(index, entry.entry(),
					base64(Hashes.leaf(entry.entry().getBytes(StandardCharsets.UTF_8))), entry.inclusionProof(),
					checkpoint);
		});
	}

	@Override
	public ConsistencyProof consistencyProof(long fromSize, long toSize, Actor auditor) {
		if (fromSize < 1 || fromSize > toSize) {
			throw JournalQueryException
				.invalid("Il faut deux tailles de points de contrôle telles que 0 < départ ≤ arrivée.");
		}
		return inTransaction(() -> {
			SignedCheckpoint from = checkpointOfSize(fromSize);
			SignedCheckpoint to = checkpointOfSize(toSize);
			List<String> proof = MerkleTree.consistencyProof(fromSize, toSize, new JdbcNodeStore(this.jdbc))
				.stream()
				.map(JdbcJournalAudit::base64)
				.toList();
			this.journal.record(JournalRecord.of(auditor, JournalAction.JOURNAL_ENTRY_VIEWED)
				.withPayload(Map.of("consistencyFrom", fromSize, "consistencyTo", toSize)));
			return new ConsistencyProof(from, to, proof);
		});
	}

	@Override
	public VerificationReport verify(Actor auditor) {
		return verify(auditor, null, List::of);
	}

	@Override
	public VerificationReport verify(Actor auditor, @Nullable String referenceCheckpoint,
			Supplier<List<String>> otherChecks) {
		Checkpoint reference = null;
		if (referenceCheckpoint != null && !referenceCheckpoint.isBlank()) {
			String note = referenceCheckpoint.replace("\r\n", "\n");
			note = note.endsWith("\n") ? note : note + "\n";
			try {
				reference = Checkpoint.parse(SignedNote.verify(note, this.signer.verifierKey()));
			}
			catch (ProofException ex) {
				throw JournalQueryException.invalid("Le point de contrôle de référence n'est pas un point de contrôle "
						+ "signé par la clé de ce journal.");
			}
			if (!reference.origin().equals(this.signer.verifierKey().name())) {
				throw JournalQueryException.invalid(
						"Le point de contrôle de référence vient d'un autre journal (" + reference.origin() + ").");
			}
		}
		VerificationReport report = this.verifier.verify(reference).withFindings(otherChecks.get());
		Map<String, Object> details = new HashMap<>();
		details.put("valid", report.valid());
		details.put("entriesChecked", report.entriesChecked());
		details.put("durationMillis", report.duration().toMillis());
		if (report.firstBadIndex() != null) {
			details.put("firstBadIndex", report.firstBadIndex());
		}
		if (reference != null) {
			details.put("referenceSize", reference.size());
		}
		if (!report.findings().isEmpty()) {
			details.put("findings", report.findings().size());
		}
		inTransaction(() -> this.journal
			.record(JournalRecord.of(auditor, JournalAction.JOURNAL_VERIFIED).withPayload(details)));
		return report;
	}

	@Override
	public JournalBundle export(long fromIndex, int count, Actor auditor) {
		if (fromIndex < 0 || count < 1 || count > MAX_EXPORT) {
			throw JournalQueryException.invalid(
					"Une exportation porte sur 1 à " + MAX_EXPORT + " entrées, à partir d'un numéro positif ou nul.");
		}
		return inTransaction(() -> {
			SignedCheckpoint checkpoint = exportCheckpoint();
			if (fromIndex >= checkpoint.treeSize()) {
				throw JournalQueryException.notFound("Le journal signé compte " + checkpoint.treeSize()
						+ " entrées : rien à exporter à partir du n° " + fromIndex + ".");
			}
			int available = (int) Math.min(count, checkpoint.treeSize() - fromIndex);
			List<BundleEntry> entries = bundleEntries(fromIndex, available, checkpoint.treeSize(),
					cached(new JdbcNodeStore(this.jdbc)));
			this.journal.record(JournalRecord.of(auditor, JournalAction.JOURNAL_EXPORTED)
				.withPayload(Map.of("fromIndex", fromIndex, "count", available, "treeSize", checkpoint.treeSize())));
			return new JournalBundle(JournalBundle.FORMAT, this.signer.verifierKey().name(),
					this.signer.verifierKey().encoded(), checkpoint, entries);
		});
	}

	private List<BundleEntry> bundleEntries(long fromIndex, int count, long treeSize, NodeStore nodes) {
		List<UUID> ids = this.jdbc
			.sql("SELECT entry_id FROM journal_leaf WHERE idx >= :from AND idx < :to ORDER BY idx")
			.param("from", fromIndex)
			.param("to", fromIndex + count)
			.query(UUID.class)
			.list();
		Map<UUID, StoredEntry> entries = JournalEntries.load(this.jdbc, ids)
			.stream()
			.collect(Collectors.toMap(StoredEntry::id, Function.identity()));
		List<BundleEntry> bundle = new ArrayList<>(ids.size());
		for (int i = 0; i < ids.size(); i++) {
			long index = fromIndex + i;
			String canonical = new String(EntryCanonicalForm.of(entries.get(ids.get(i))), StandardCharsets.UTF_8);
			List<String> proof = MerkleTree.inclusionProof(index, treeSize, nodes)
				.stream()
				.map(JdbcJournalAudit::base64)
				.toList();
			bundle.add(new BundleEntry(index, canonical, proof));
		}
		return bundle;
	}

	private SignedCheckpoint latestOrFail() {
		return latestCheckpoint()
			.orElseThrow(() -> JournalQueryException.notFound("Le journal n'a encore aucun point de contrôle signé."));
	}

	private SignedCheckpoint checkpointOfSize(long size) {
		return this.jdbc.sql("SELECT tree_size, root_hash, signed_note FROM journal_checkpoint WHERE tree_size = :size")
			.param("size", size)
			.query((rs, n) -> checkpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3)))
			.optional()
			.orElseThrow(() -> JournalQueryException.notFound("Aucun point de contrôle signé de taille " + size + "."));
	}

	private SignedCheckpoint checkpoint(long size, byte[] root, String note) {
		return new SignedCheckpoint(size, base64(root), note, this.signer.verifierKey().encoded());
	}

	private <T> T inTransaction(Supplier<T> work) {
		T result = this.transactions.execute(status -> work.get());
		if (result == null) {
			throw new IllegalStateException("No result");
		}
		return result;
	}

	private static NodeStore cached(NodeStore store) {
		Map<String, byte[]> cache = new HashMap<>();
		return (level, index) -> cache.computeIfAbsent(level + "/" + index, key -> store.node(level, index));
	}

	private static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

}
