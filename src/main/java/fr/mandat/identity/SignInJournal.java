package fr.mandat.identity;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.JournalRecord.ActorType;
import fr.mandat.identity.StaffIdentities.StaffIdentity;
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
public class SignInJournal implements LogoutHandler {

	private final Journal journal;

	private final StaffIdentities staff;

	private final StepUp stepUp;

	private final TransactionTemplate transactions;

	private final HttpSessionSecurityContextRepository sessionContexts = new HttpSessionSecurityContextRepository();

	private final Clock clock;

	SignInJournal(Journal journal, StaffIdentities staff, StepUp stepUp, TransactionTemplate transactions,
			Clock clock) {
		this.journal = journal;
		this.staff = staff;
		this.stepUp = stepUp;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * After a sign-in: a step-up under way is confirmed (or refused) and resumed, any
	 * other sign-in is journaled and goes on to the page asked for.
	 * @param sessionStarted what the session needs to know of a new sign-in (its
	 * lifetime, the identity provider's session), called first
	 */
	public AuthenticationSuccessHandler successHandler(RequestCache requestCache,
			BiConsumer<HttpServletRequest, Authentication> sessionStarted) {
		SavedRequestAwareAuthenticationSuccessHandler redirect = new SavedRequestAwareAuthenticationSuccessHandler();
		redirect.setRequestCache(requestCache);
		return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
			sessionStarted.accept(request, authentication);
			Optional<StepUp.Confirmation> confirmation = this.stepUp.confirm(request.getSession(false), authentication);
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
	public AuthenticationFailureHandler failureHandler(String signInPath) {
		SimpleUrlAuthenticationFailureHandler signInAgain = new SimpleUrlAuthenticationFailureHandler(signInPath);
		return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
			Optional<StepUp.Intent> pending = this.stepUp.abandon(request.getSession(false));
			// The filter has cleared this request's security context; the session still
			// holds the aidant's sign-in, which a refused step-up leaves untouched.
			Optional<StaffIdentity> member = this.staff
				.active(this.sessionContexts.loadDeferredContext(request).get().getAuthentication());
			if (pending.isEmpty() || member.isEmpty()) {
				signInAgain.onAuthenticationFailure(request, response, exception);
				return;
			}
			String reason = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError().getErrorCode()
					: "authentication-failed";
			this.transactions.executeWithoutResult(
					status -> this.journal.record(JournalRecord.of(actor(member.get()), JournalAction.STEP_UP_REFUSED)
						.withPayload(Map.of("reason", reason, "action", pending.get().action().kind()))));
			response.sendRedirect(request.getContextPath() + refused(pending.get().cancelTo()));
		};
	}

	private static String refused(String cancelTo) {
		return cancelTo + (cancelTo.contains("?") ? "&" : "?") + "renforcement=refuse";
	}

	/** The identity provider answered, but not with a fresh OTP authentication. */
	private void stepUpFailed(Authentication authentication, StepUp.Intent intent, String problem) {
		this.staff.active(authentication)
			.ifPresent(member -> this.transactions.executeWithoutResult(
					status -> this.journal.record(JournalRecord.of(actor(member), JournalAction.STEP_UP_FAILED)
						.withPayload(Map.of("reason", problem, "action", intent.action().kind())))));
	}

	private void signedIn(Authentication authentication) {
		Optional<StaffIdentity> member = this.staff.find(authentication);
		JournalRecord record = member.filter(StaffIdentity::active)
			.map(m -> JournalRecord.of(actor(m), JournalAction.SIGNED_IN))
			.orElseGet(() -> JournalRecord
				.of(new Actor(ActorType.UNKNOWN_STAFF, authentication.getName(), null), JournalAction.ACCESS_DENIED)
				.withPayload(Map.of("reason", member.isPresent() ? "not-habilitated" : "no-aidant-record")));
		this.transactions.executeWithoutResult(status -> {
			this.journal.record(record);
			member.filter(StaffIdentity::active)
				.ifPresent(m -> this.staff.signedIn(m.aidantId(), this.clock.instant()));
		});
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		this.staff.find(authentication)
			.ifPresent(member -> this.transactions.executeWithoutResult(
					status -> this.journal.record(JournalRecord.of(actor(member), JournalAction.SIGNED_OUT))));
	}

	/**
	 * A staff member as the journal records them: their aidant id and current structure.
	 */
	public static Actor actor(StaffIdentity member) {
		return Actor.aidant(member.aidantId(), member.currentStructureId());
	}

}
