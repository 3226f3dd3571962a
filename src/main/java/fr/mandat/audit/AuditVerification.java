package fr.mandat.audit;

import fr.mandat.journal.JournalAudit;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.VerificationReport;
import fr.mandat.mandate.MandateJournalCheck;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The full verification auditors ask for: the journal itself (against the checkpoint they
 * saved, if any), then the mandate tables replayed against the journal's mandate events
 * by the mandate module, journaled as one verification.
 */
@Component
class AuditVerification {

	private final JournalAudit audit;

	private final MandateJournalCheck mandates;

	AuditVerification(JournalAudit audit, MandateJournalCheck mandates) {
		this.audit = audit;
		this.mandates = mandates;
	}

	VerificationReport verify(Actor auditor, @Nullable String reference) {
		return this.audit.verify(auditor, reference,
				() -> this.mandates.check()
					.disagreements()
					.stream()
					.map(MandateJournalCheck.Disagreement::problem)
					.toList());
	}

}
