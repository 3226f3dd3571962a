package fr.mandat.web.config;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.JournalRecord.ActorType;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.structure.StepUp;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
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

	private final HttpSessionSecurityContextRepository sessionContexts = new HttpSessionSecurityContextRepository();

	private final StaffDirectory directory;

	private final Clock clock;

	SignInJournal(Journal journal, CurrentStaff currentStaff, TransactionTemplate transactions,
			StaffDirectory directory, Clock clock) {
		this.directory = directory;
		this.clock = clock;
		this.journal = journal;
		this.currentStaff = currentStaff;
		this.transactions = transactions;
	}

	AuthenticationSuccessHandler successHandler(RequestCache requestCache, StepUp stepUp) {
		SavedRequestAwareAuthenticationSuccessHandler redirect = new SavedRequestAwareAuthenticationSuccessHandler();
		redirect.setRequestCache(requestCache);
		return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
			SessionLifetimeFilter.signedIn(request.getSession(), this.clock.instant());
			BackChannelLogout.signedIn(request.getSession(), authentication);
			Optional<StepUp.Confirmation> confirmation = stepUp.confirm(request.getSession(false), authentication);
			if (confirmation.isPresent()) {
				StepUp.Intent intent = confirmation.get().intent();
				String problem = confirmation.get().problem();
				if (problem != null) {
					stepUpFailed(authentication, intent, problem);
					response.sendRedirect(request.getContextPath() + refused(intent.cancelTo()));
					return;
				}
				// Carry out exactly the action that asked for this confirmation.
				response.sendRedirect(request.getContextPath() + StepUp.RESUME_PATH + intent.id());
				return;
			}
			signedIn(authentication);
			try {
				redirect.onAuthenticationSuccess(request, response, authentication);
			}
			catch (ServletException ex) {
				throw new IOException(ex);
			}
		};
	}

	/**
	 * A refused or failed re-authentication during a step-up is journaled and sends the
	 * aidant back to where they were, with a message saying nothing was done; any other
	 * sign-in failure goes to a new sign-in.
	 */
	AuthenticationFailureHandler failureHandler(StepUp stepUp) {
		SimpleUrlAuthenticationFailureHandler signInAgain = new SimpleUrlAuthenticationFailureHandler(
				SecurityConfiguration.SIGN_IN_PATH);
		return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
			Optional<StepUp.Intent> pending = stepUp.abandon(request.getSession(false));
			// The filter has cleared this request's security context; the session still
			// holds the aidant's sign-in, which a refused step-up leaves untouched.
			Optional<StaffMember> member = this.currentStaff
				.active(this.sessionContexts.loadDeferredContext(request).get().getAuthentication());
			if (pending.isEmpty() || member.isEmpty()) {
				signInAgain.onAuthenticationFailure(request, response, exception);
				return;
			}
			String reason = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError().getErrorCode()
					: "authentication-failed";
			this.transactions.executeWithoutResult(status -> this.journal
				.record(JournalRecord.of(StaffActors.of(member.get(), this.currentStaff), JournalAction.STEP_UP_REFUSED)
					.withPayload(Map.of("reason", reason, "action", pending.get().action().kind()))));
			response.sendRedirect(request.getContextPath() + refused(pending.get().cancelTo()));
		};
	}

	private static String refused(String cancelTo) {
		return cancelTo + (cancelTo.contains("?") ? "&" : "?") + "renforcement=refuse";
	}

	/** The identity provider answered, but not with a fresh OTP authentication. */
	private void stepUpFailed(Authentication authentication, StepUp.Intent intent, String problem) {
		this.currentStaff.active(authentication)
			.ifPresent(member -> this.transactions.executeWithoutResult(status -> this.journal
				.record(JournalRecord.of(StaffActors.of(member, this.currentStaff), JournalAction.STEP_UP_FAILED)
					.withPayload(Map.of("reason", problem, "action", intent.action().kind())))));
	}

	private void signedIn(Authentication authentication) {
		Optional<StaffMember> member = this.currentStaff.find(authentication);
		JournalRecord record = member.filter(StaffMember::mayUseApplication)
			.map(m -> JournalRecord.of(StaffActors.of(m, this.currentStaff), JournalAction.SIGNED_IN))
			.orElseGet(() -> JournalRecord
				.of(new Actor(ActorType.UNKNOWN_STAFF, authentication.getName(), null), JournalAction.ACCESS_DENIED)
				.withPayload(Map.of("reason", member.isPresent() ? "not-habilitated" : "no-aidant-record")));
		this.transactions.executeWithoutResult(status -> {
			this.journal.record(record);
			member.filter(StaffMember::mayUseApplication)
				.ifPresent(m -> this.directory.signedIn(m.aidantId(), this.clock.instant()));
		});
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		this.currentStaff.find(authentication)
			.ifPresent(member -> this.transactions.executeWithoutResult(status -> this.journal
				.record(JournalRecord.of(StaffActors.of(member, this.currentStaff), JournalAction.SIGNED_OUT))));
	}

}
