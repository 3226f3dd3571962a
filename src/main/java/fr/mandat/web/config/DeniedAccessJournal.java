package fr.mandat.web.config;

import java.util.Map;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.JournalRecord.ActorType;
import fr.mandat.structure.CurrentStaff;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Journals a refused request: who asked for what. */
@Component
class DeniedAccessJournal {

	private final Journal journal;

	private final CurrentStaff currentStaff;

	private final TransactionTemplate transactions;

	DeniedAccessJournal(Journal journal, CurrentStaff currentStaff, TransactionTemplate transactions) {
		this.journal = journal;
		this.currentStaff = currentStaff;
		this.transactions = transactions;
	}

	void denied(HttpServletRequest request, @Nullable Authentication authentication) {
		Actor actor = this.currentStaff.find(authentication)
			.map(member -> StaffActors.of(member, this.currentStaff))
			.orElseGet(() -> new Actor(ActorType.UNKNOWN_STAFF,
					(authentication != null) ? authentication.getName() : null, null));
		JournalRecord record = JournalRecord.of(actor, JournalAction.ACCESS_DENIED)
			.withPayload(Map.of("method", request.getMethod(), "path", request.getRequestURI()));
		this.transactions.executeWithoutResult(status -> this.journal.record(record));
	}

}
