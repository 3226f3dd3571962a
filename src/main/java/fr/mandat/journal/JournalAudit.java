package fr.mandat.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import fr.mandat.journal.JournalRecord.Actor;

import org.jspecify.annotations.Nullable;

/**
 * What auditors may ask of the journal. Every call but the latest checkpoint is itself
 * journaled with the auditor as actor. Hashes are base64, as in checkpoints.
 */
public interface JournalAudit {

	/** Entries matching the query, newest first; the search is journaled. */
	JournalPage search(JournalQuery query, Actor auditor);

	/**
	 * A bundle of the sealed entries (already covered by the latest checkpoint) that
	 * match the query: the first page of the search, with inclusion proofs.
	 */
	JournalBundle exportSelection(JournalQuery query, Actor auditor);

	/** The largest signed checkpoint, if the journal has any. */
	Optional<SignedCheckpoint> latestCheckpoint();

	/**
	 * An entry with its inclusion proof against a signed checkpoint.
	 * @param treeSize the checkpoint's size, or null for the latest
	 * @throws JournalQueryException for an index or size the signed journal does not have
	 */
	EntryProof entryProof(long index, @Nullable Long treeSize, Actor auditor);

	/**
	 * The RFC 9162 consistency proof between two signed checkpoints.
	 * @throws JournalQueryException unless 0 < fromSize <= toSize are checkpoint sizes
	 */
	ConsistencyProof consistencyProof(long fromSize, long toSize, Actor auditor);

	/** Verifies the whole journal. */
	VerificationReport verify(Actor auditor);

	/**
	 * Verifies the whole journal, against a checkpoint the auditor saved earlier when
	 * given (its rollback, truncation or rewrite is then named), then adds what other
	 * modules find against the journal; the whole is journaled as one verification.
	 * @param referenceCheckpoint a checkpoint as a C2SP signed note (e.g. what
	 * {@code /journal/checkpoint} served), or null
	 * @param otherChecks problems (French) other modules find, e.g. mandate rows that
	 * disagree with their journaled history
	 * @throws JournalQueryException if the reference is not a checkpoint of this journal
	 */
	VerificationReport verify(Actor auditor, @Nullable String referenceCheckpoint,
			java.util.function.Supplier<List<String>> otherChecks);

	/**
	 * A bundle that the offline verifier checks: consecutive entries with their inclusion
	 * proofs against the latest checkpoint, and the verifier key.
	 * @throws JournalQueryException for an empty or oversized selection
	 */
	JournalBundle export(long fromIndex, int count, Actor auditor);

	/**
	 * All entries from {@code from} (included) to {@code to} (excluded) as an NDJSON
	 * stream with inclusion proofs against the export checkpoint (the latest witnessed
	 * one, or the latest signed one when no witness is configured), checked and journaled
	 * now, written when asked.
	 * @param to the end (exclusive), the checkpoint's size when null
	 * @param reference the size of a checkpoint the auditor already trusts: the stream
	 * then carries a consistency proof from it
	 * @throws JournalQueryException for a range the export checkpoint does not cover
	 */
	ExportStream exportRange(long from, @Nullable Long to, @Nullable Long reference, Actor auditor);

	/**
	 * Every sealed entry the search selects (no page limit), newest first, as an NDJSON
	 * stream like {@link #exportRange}.
	 */
	ExportStream exportSelection(JournalQuery query, @Nullable Long reference, Actor auditor);

	/**
	 * A receipt for one entry: a C2SP tlog-proof whose extra data is the entry's
	 * canonical JSON, against the export checkpoint (cosigned when witnessed).
	 * @throws JournalQueryException for an index the checkpoint does not cover
	 */
	String receipt(long index, Actor auditor);

	/**
	 * The C2SP tlog-tiles entry bundle {@code entries/N[.p/W]}: the canonical JSON of
	 * entries {@code 256 N} (included) to {@code 256 N + W} (excluded), each prefixed by
	 * its length (big-endian uint16).
	 * @throws JournalQueryException for a bundle the signed journal does not cover
	 */
	byte[] entryBundle(fr.mandat.journal.proof.Tiles.Tile tile, Actor auditor);

	/** An export checked and journaled, to be written out. */
	interface ExportStream {

		/** The size of the checkpoint the proofs lead to. */
		long treeSize();

		void writeTo(java.io.OutputStream out);

	}

	/**
	 * Where witnessing stands: the latest signed and the latest witnessed checkpoints,
	 * and what each configured witness last answered.
	 */
	WitnessingStatus witnessing();

	/**
	 * @param signedSize the size of the latest checkpoint signed by the journal
	 * @param witnessed the latest checkpoint that met the witness policy (with the
	 * cosignatures), null if none or if no witness is configured
	 * @param quorum how many witnesses must cosign
	 */
	record WitnessingStatus(long signedSize, @Nullable Instant signedAt, @Nullable WitnessedCheckpoint witnessed,
			int quorum, List<WitnessStatus> witnesses) {

		/** Entries signed but not yet covered by a witnessed checkpoint. */
		public long unwitnessed() {
			return this.signedSize - ((this.witnessed != null) ? this.witnessed.treeSize() : 0);
		}

		public boolean alarm() {
			return this.witnesses.stream().anyMatch(WitnessStatus::alarm);
		}

	}

	/**
	 * A witnessed checkpoint: the signed note followed by the witnesses' cosignatures.
	 */
	record WitnessedCheckpoint(long treeSize, String cosignedNote, List<String> witnessedBy, @Nullable Instant signedAt,
			@Nullable Instant witnessedAt) {
	}

	/**
	 * @param knownSize the size of the latest checkpoint the witness cosigned, as far as
	 * the journal knows
	 * @param problem what went wrong last, in French, null when its last answer was a
	 * cosignature
	 * @param alarm whether its refusal means the journal is not what it saw (rollback,
	 * rewrite)
	 */
	record WitnessStatus(String name, String url, String verifierKey, long knownSize, @Nullable Instant lastSuccessAt,
			@Nullable Instant lastFailureAt, int failures, @Nullable String problem, boolean alarm) {
	}

	/** A signed checkpoint as C2SP signed note, with the key that verifies it. */
	record SignedCheckpoint(long treeSize, String rootHash, String signedNote, String verifierKey) {
	}

	/** An entry (its canonical JSON, exactly the bytes its leaf hashes) and its proof. */
	record EntryProof(long index, String entry, String leafHash, List<String> inclusionProof,
			SignedCheckpoint checkpoint) {
	}

	record ConsistencyProof(SignedCheckpoint from, SignedCheckpoint to, List<String> proof) {
	}

	/**
	 * @param format always {@value JournalBundle#FORMAT}
	 */
	record JournalBundle(String format, String origin, String verifierKey, SignedCheckpoint checkpoint,
			List<BundleEntry> entries) {

		public static final String FORMAT = "mandat-journal-bundle/1";

	}

	record BundleEntry(long index, String entry, List<String> inclusionProof) {
	}

}
