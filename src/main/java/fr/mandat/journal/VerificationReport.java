package fr.mandat.journal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of verifying the whole journal.
 *
 * @param valid whether everything checked
 * @param entriesChecked entries found intact, in index order
 * @param checkpoints signed checkpoints in the journal
 * @param verifiedSize the largest checkpoint verified, when valid
 * @param firstBadIndex the first index that does not check, when not valid
 * @param problem what went wrong, in French, when not valid
 * @param duration how long the verification took
 */
public record VerificationReport(boolean valid, long entriesChecked, long checkpoints, @Nullable Long verifiedSize,
		@Nullable Long firstBadIndex, @Nullable String problem, Duration duration) {
}
