package fr.mandat.journal;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.proof.Tiles;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The journal as auditors see it, made of three parts: {@link JournalAuditSearch},
 * {@link JournalAuditExports} and {@link JournalAuditProofs}.
 */
@Service
class JdbcJournalAudit implements JournalAudit {

	private final JournalAuditSearch search;

	private final JournalAuditExports exports;

	private final JournalAuditProofs proofs;

	JdbcJournalAudit(JournalAuditSearch search, JournalAuditExports exports, JournalAuditProofs proofs) {
		this.search = search;
		this.exports = exports;
		this.proofs = proofs;
	}

	@Override
	public JournalPage search(JournalQuery query, Actor auditor) {
		return this.search.search(query, auditor);
	}

	@Override
	public JournalBundle exportSelection(JournalQuery query, Actor auditor) {
		return this.exports.exportSelection(query, auditor);
	}

	@Override
	public Optional<SignedCheckpoint> latestCheckpoint() {
		return this.proofs.latestCheckpoint();
	}

	@Override
	public ExportStream exportRange(long from, @Nullable Long to, @Nullable Long reference, Actor auditor) {
		return this.exports.exportRange(from, to, reference, auditor);
	}

	@Override
	public ExportStream exportSelection(JournalQuery query, @Nullable Long reference, Actor auditor) {
		return this.exports.exportSelection(query, reference, auditor);
	}

	@Override
	public String receipt(long index, Actor auditor) {
		return this.proofs.receipt(index, auditor);
	}

	@Override
	public byte[] entryBundle(Tiles.Tile tile, Actor auditor) {
		return this.exports.entryBundle(tile, auditor);
	}

	@Override
	public WitnessingStatus witnessing() {
		return this.proofs.witnessing();
	}

	@Override
	public EntryProof entryProof(long index, @Nullable Long treeSize, Actor auditor) {
		return this.proofs.entryProof(index, treeSize, auditor);
	}

	@Override
	public ConsistencyProof consistencyProof(long fromSize, long toSize, Actor auditor) {
		return this.proofs.consistencyProof(fromSize, toSize, auditor);
	}

	@Override
	public VerificationReport verify(Actor auditor) {
		return this.proofs.verify(auditor);
	}

	@Override
	public VerificationReport verify(Actor auditor, @Nullable String referenceCheckpoint,
			Supplier<List<String>> otherChecks) {
		return this.proofs.verify(auditor, referenceCheckpoint, otherChecks);
	}

	@Override
	public JournalBundle export(long fromIndex, int count, Actor auditor) {
		return this.exports.export(fromIndex, count, auditor);
	}

}
