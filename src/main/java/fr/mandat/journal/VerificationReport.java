package fr.mandat.journal;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of verifying the whole journal.
 *
 * @param valid whether everything checked
 * @param entriesChecked entries found intact, in index order
 * @param checkpoints signed checkpoints in the journal
 * @param verifiedSize the largest checkpoint verified, when valid
 * @param firstBadIndex the first index that does not check, when not valid
 * @param problem what went wrong in the journal, in French, when not valid
 * @param duration how long the verification took
 * @param witnessedSize the largest witnessed checkpoint whose root the rebuilt tree gives
 * @param reference how the journal relates to the checkpoint the auditor gave, if any
 * @param findings what else disagrees with the journal (a witness's alarm, a mandate row
 * that differs from its journaled history), in French
 */
public record VerificationReport(boolean valid, long entriesChecked, long checkpoints, @Nullable Long verifiedSize,
		@Nullable Long firstBadIndex, @Nullable String problem, Duration duration, @Nullable Long witnessedSize,
		@Nullable String reference, List<String> findings) {

	public VerificationReport {
		findings = List.copyOf(findings);
	}

	/** The same report with more findings (and so not valid if there are any). */
	public VerificationReport withFindings(List<String> more) {
		if (more.isEmpty()) {
			return this;
		}
		List<String> all = new java.util.ArrayList<>(this.findings);
		all.addAll(more);
		return new VerificationReport(false, this.entriesChecked, this.checkpoints, this.verifiedSize,
				this.firstBadIndex, this.problem, this.duration, this.witnessedSize, this.reference, all);
	}

}
