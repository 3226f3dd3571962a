package fr.mandat.web.config;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.JournalRecord.ActorType;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.CurrentStaff;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Journals every sign-in (or refusal of a person unknown to the application) and every
 * sign-out, each in its own transaction: the request goes on only once the entry is
 * committed.
 */
@Component
class SignInJournal implements LogoutHandler {

	private final Journal journal;

	private final CurrentStaff currentStaff;

	private final TransactionTemplate transactions;

	SignInJournal(Journal journal, CurrentStaff currentStaff, TransactionTemplate transactions) {
		this.journal = journal;
		this.currentStaff = currentStaff;
		this.transactions = transactions;
	}

	AuthenticationSuccessHandler successHandler(RequestCache requestCache) {
		SavedRequestAwareAuthenticationSuccessHandler redirect = new SavedRequestAwareAuthenticationSuccessHandler();
		redirect.setRequestCache(requestCache);
		return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
			signedIn(authentication);
			try {
				redirect.onAuthenticationSuccess(request, response, authentication);
			}
			catch (ServletException ex) {
				throw new IOException(ex);
			}
		};
	}

	private void signedIn(Authentication authentication) {
		Optional<StaffMember> member = this.currentStaff.find(authentication);
		JournalRecord record = member.filter(StaffMember::mayUseApplication)
			.map(m -> JournalRecord.of(StaffActors.of(m, this.currentStaff), JournalAction.SIGNED_IN))
			.orElseGet(() -> JournalRecord
				.of(new Actor(ActorType.UNKNOWN_STAFF, authentication.getName(), null), JournalAction.ACCESS_DENIED)
				.withPayload(Map.of("reason", member.isPresent() ? "not-habilitated" : "no-aidant-record")));
		this.transactions.executeWithoutResult(status -> this.journal.record(record));
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		this.currentStaff.find(authentication)
			.ifPresent(member -> this.transactions.executeWithoutResult(status -> this.journal
				.record(JournalRecord.of(StaffActors.of(member, this.currentStaff), JournalAction.SIGNED_OUT))));
	}

}
