package fr.mandat.web.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

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
 * Records a refused request, whoever refused it: the security rules (a role or a
 * structure the person lacks, in pages and in the API) or a page that found the mandate
 * or aidant it names in another structure. A person the application knows (an aidant
 * record, whatever its state) gets one journal entry: who asked for what (method and
 * capped path), and the page's reason when there is one. Anyone else (no session or
 * token, or an account unknown to the application) is only counted and logged, see
 * {@link UnknownRefusals}.
 * <p>
 * Refusals decided inside a module's own transaction (an admin approving alone, a
 * démarche the mandate does not cover) and sign-in refusals stay with the module that
 * decides them: they are outcomes of that decision, journaled with it.
 */
@Component
public class DeniedAccessJournal {

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

	/** A request the security rules refused. */
	void denied(HttpServletRequest request, @Nullable Authentication authentication) {
		record(request, authentication, null, RequestFacts.of(request.getMethod(), request.getRequestURI()));
	}

	/**
	 * A request a page refused for a reason of its own.
	 * @param mandateId the mandate the request named, if any
	 * @param reason why, as the journal keeps it (e.g. {@code other-structure})
	 * @param details more facts, after the reason (e.g. the aidant asked for)
	 */
	public void denied(HttpServletRequest request, @Nullable Authentication authentication, @Nullable UUID mandateId,
			String reason, Map<String, String> details) {
		Map<String, Object> payload = new LinkedHashMap<>(
				RequestFacts.of(request.getMethod(), request.getRequestURI()));
		payload.put("reason", reason);
		payload.putAll(details);
		record(request, authentication, mandateId, payload);
	}

	private void record(HttpServletRequest request, @Nullable Authentication authentication, @Nullable UUID mandateId,
			Map<String, Object> payload) {
		StaffMember member = this.currentStaff.find(authentication).orElse(null);
		if (member == null) {
			boolean signedIn = authentication != null && authentication.isAuthenticated()
					&& !(authentication instanceof AnonymousAuthenticationToken);
			this.unknownRefusals.refused(request, signedIn);
			return;
		}
		JournalRecord record = new JournalRecord(StaffActors.of(member, this.currentStaff), JournalAction.ACCESS_DENIED,
				mandateId, null, null, payload);
		this.transactions.executeWithoutResult(status -> this.journal.record(record));
	}

}
