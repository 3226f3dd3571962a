package fr.mandat.mandate;

import java.util.List;
import java.util.UUID;

/**
 * Replays what the journal recorded about every mandate and compares it with the mandate
 * tables: a row that disagrees (a revoked mandate made active again, a revocation or a
 * mandate the journal never saw, another end date) is named. The journal module cannot do
 * this itself (it knows nothing of mandates' tables), so the auditors' full verification
 * asks here.
 */
public interface MandateJournalCheck {

	Report check();

	/**
	 * @param disagreements one sentence (French) per row that disagrees with the journal
	 */
	record Report(long mandates, long events, List<Disagreement> disagreements) {

		public boolean consistent() {
			return this.disagreements.isEmpty();
		}

	}

	record Disagreement(UUID mandateId, String problem) {
	}

}
