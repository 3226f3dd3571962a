package fr.mandat.journal;

import java.nio.charset.StandardCharsets;
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
import fr.mandat.journal.JournalAudit.WitnessingStatus;
import fr.mandat.journal.JournalAudit.WitnessedCheckpoint;
import fr.mandat.journal.JournalAudit.WitnessStatus;
import fr.mandat.journal.JournalAudit.SignedCheckpoint;
import fr.mandat.journal.JournalAudit.EntryProof;
import fr.mandat.journal.JournalAudit.ConsistencyProof;
import fr.mandat.journal.JournalAudit.BundleEntry;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.MerkleTree;
import fr.mandat.journal.proof.NodeStore;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.journal.proof.TlogProof;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What proves the journal to auditors: its signed and witnessed checkpoints, inclusion
 * and consistency proofs, receipts, and the full verification. Every look is journaled.
 */
@Component
class JournalAuditProofs {

	private final JdbcClient jdbc;

	private final Journal journal;

	private final JournalVerifier verifier;

	private final CheckpointSigner signer;

	private final TransactionTemplate transactions;

	private final WitnessLedger witnessLedger;

	private final ConfiguredWitnesses witnesses;

	private final PublicCheckpoints publicCheckpoints;

	JournalAuditProofs(JdbcClient jdbc, Journal journal, JournalVerifier verifier, CheckpointSigner signer,
			TransactionTemplate transactions, WitnessLedger witnessLedger, ConfiguredWitnesses witnesses,
			PublicCheckpoints publicCheckpoints) {
		this.jdbc = jdbc;
		this.journal = journal;
		this.verifier = verifier;
		this.signer = signer;
		this.transactions = transactions;
		this.witnessLedger = witnessLedger;
		this.witnesses = witnesses;
		this.publicCheckpoints = publicCheckpoints;
	}

	Optional<SignedCheckpoint> latestCheckpoint() {
		return this.jdbc
			.sql("SELECT tree_size, root_hash, signed_note FROM journal_checkpoint ORDER BY tree_size DESC LIMIT 1")
			.query((rs, n) -> checkpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3)))
			.optional();
	}

	/**
	 * The checkpoint exports prove against: the latest witnessed one, with its
	 * cosignatures; the latest signed one when no witness is configured or none has
	 * cosigned yet.
	 */
	SignedCheckpoint exportCheckpoint() {
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

	WitnessingStatus witnessing() {
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
			if (state == null) {
				// states() creates the row of every configured witness first.
				throw new IllegalStateException("No state for witness " + w.name());
			}
			return new WitnessStatus(w.name(), w.url().toString(), w.key().encoded(), state.knownSize(),
					state.lastSuccessAt(), state.lastFailureAt(), state.failures(), state.problem(), state.alarm());
		}).toList();
		return new WitnessingStatus(signed.map(WitnessLedger.SignedRow::size).orElse(0L),
				signed.map(WitnessLedger.SignedRow::createdAt).orElse(null), witnessed,
				this.witnesses.policy().quorum(), statuses);
	}

	String receipt(long index, Actor auditor) {
		if (index < 0) {
			throw JournalQueryException.invalid("Le numéro d'entrée doit être positif ou nul.");
		}
		return inTransaction(this.transactions, () -> {
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

	EntryProof entryProof(long index, @Nullable Long treeSize, Actor auditor) {
		if (index < 0) {
			throw JournalQueryException.invalid("Le numéro d'entrée doit être positif ou nul.");
		}
		return inTransaction(this.transactions, () -> {
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

	ConsistencyProof consistencyProof(long fromSize, long toSize, Actor auditor) {
		if (fromSize < 1 || fromSize > toSize) {
			throw JournalQueryException
				.invalid("Il faut deux tailles de points de contrôle telles que 0 < départ ≤ arrivée.");
		}
		return inTransaction(this.transactions, () -> {
			SignedCheckpoint from = checkpointOfSize(fromSize);
			SignedCheckpoint to = checkpointOfSize(toSize);
			List<String> proof = MerkleTree.consistencyProof(fromSize, toSize, new JdbcNodeStore(this.jdbc))
				.stream()
				.map(JournalAuditProofs::base64)
				.toList();
			this.journal.record(JournalRecord.of(auditor, JournalAction.JOURNAL_ENTRY_VIEWED)
				.withPayload(Map.of("consistencyFrom", fromSize, "consistencyTo", toSize)));
			return new ConsistencyProof(from, to, proof);
		});
	}

	VerificationReport verify(Actor auditor) {
		return verify(auditor, null, List::of);
	}

	VerificationReport verify(Actor auditor, @Nullable String referenceCheckpoint, Supplier<List<String>> otherChecks) {
		Checkpoint reference = null;
		if (referenceCheckpoint != null && !referenceCheckpoint.isBlank()) {
			String note = referenceCheckpoint.replace("\r\n", "\n");
			note = note.endsWith("\n") ? note : note + "\n";
			try {
				reference = this.signer.verify(note);
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
		inTransaction(this.transactions, () -> this.journal
			.record(JournalRecord.of(auditor, JournalAction.JOURNAL_VERIFIED).withPayload(details)));
		return report;
	}

	List<BundleEntry> bundleEntries(long fromIndex, int count, long treeSize, NodeStore nodes) {
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
			String canonical = new String(EntryCanonicalForm.of(entry(entries, ids.get(i))), StandardCharsets.UTF_8);
			List<String> proof = MerkleTree.inclusionProof(index, treeSize, nodes)
				.stream()
				.map(JournalAuditProofs::base64)
				.toList();
			bundle.add(new BundleEntry(index, canonical, proof));
		}
		return bundle;
	}

	SignedCheckpoint latestOrFail() {
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

	static <T> T inTransaction(TransactionTemplate transactions, Supplier<T> work) {
		T result = transactions.execute(status -> work.get());
		if (result == null) {
			throw new IllegalStateException("No result");
		}
		return result;
	}

	static NodeStore cached(NodeStore store) {
		Map<String, byte[]> cache = new HashMap<>();
		return (level, index) -> cache.computeIfAbsent(level + "/" + index, key -> store.node(level, index));
	}

	/** The stored entry of a leaf; a leaf without its entry is a broken database. */
	static StoredEntry entry(Map<UUID, StoredEntry> entries, UUID id) {
		StoredEntry entry = entries.get(id);
		if (entry == null) {
			throw new IllegalStateException("Journal leaf without its entry: " + id);
		}
		return entry;
	}

	static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

}
