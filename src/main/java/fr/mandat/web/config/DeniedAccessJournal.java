package fr.mandat.web.config;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.RequestFacts;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.StaffMember;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a refused request. A person the application knows (an aidant record, whatever
 * its state) gets a journal entry: who asked for what, the path capped. Anyone else (no
 * session or token, or an account unknown to the application) is only counted and logged,
 * see {@link UnknownRefusals}.
 */
@Component
class DeniedAccessJournal {

	private final Journal journal;

	private final CurrentStaff currentStaff;

	private final TransactionTemplate transactions;

	private final UnknownRefusals unknownRefusals;

	DeniedAccessJournal(Journal journal, CurrentStaff currentStaff, TransactionTemplate transactions,
			UnknownRefusals unknownRefusals) {
		this.journal = journal;
		this.currentStaff = currentStaff;
		this.transactions = transactions;
		this.unknownRefusals = unknownRefusals;
	}

	void denied(HttpServletRequest request, @Nullable Authentication authentication) {
		StaffMember member = this.currentStaff.find(authentication).orElse(null);
		if (member == null) {
			boolean signedIn = authentication != null && authentication.isAuthenticated()
					&& !(authentication instanceof AnonymousAuthenticationToken);
			this.unknownRefusals.refused(request, signedIn);
			return;
		}
		JournalRecord record = JournalRecord.of(StaffActors.of(member, this.currentStaff), JournalAction.ACCESS_DENIED)
			.withPayload(RequestFacts.of(request.getMethod(), request.getRequestURI()));
		this.transactions.executeWithoutResult(status -> this.journal.record(record));
	}

}
