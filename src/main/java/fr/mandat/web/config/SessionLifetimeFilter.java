package fr.mandat.web.config;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.structure.CurrentStaff;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a staff session that has lasted longer than its absolute lifetime since the
 * sign-in, however active it was: the session is invalidated, the sign-out journaled, and
 * the browser sent to sign in again.
 */
final class SessionLifetimeFilter extends OncePerRequestFilter {

	/** When the person signed in, in this session (set once, kept by step-ups). */
	static final String SIGNED_IN_AT = SessionLifetimeFilter.class.getName() + ".signedInAt";

	private final SessionProperties properties;

	private final Clock clock;

	private final CurrentStaff currentStaff;

	private final Journal journal;

	private final TransactionTemplate transactions;

	SessionLifetimeFilter(SessionProperties properties, Clock clock, CurrentStaff currentStaff, Journal journal,
			TransactionTemplate transactions) {
		this.properties = properties;
		this.clock = clock;
		this.currentStaff = currentStaff;
		this.journal = journal;
		this.transactions = transactions;
	}

	/** Remembers the sign-in time of a new session; a step-up keeps the first one. */
	static void signedIn(HttpSession session, Instant at) {
		if (!(session.getAttribute(SIGNED_IN_AT) instanceof Instant)) {
			session.setAttribute(SIGNED_IN_AT, at);
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(SIGNED_IN_AT) instanceof Instant signedInAt
				&& !this.clock.instant().isBefore(signedInAt.plus(this.properties.absoluteTimeout()))) {
			end(session, SecurityContextHolder.getContext().getAuthentication());
			SecurityContextHolder.clearContext();
			response.sendRedirect(request.getContextPath() + "/");
			return;
		}
		chain.doFilter(request, response);
	}

	private void end(HttpSession session, @Nullable Authentication authentication) {
		this.currentStaff.find(authentication)
			.ifPresent(member -> this.transactions.executeWithoutResult(status -> this.journal
				.record(JournalRecord.of(StaffActors.of(member, this.currentStaff), JournalAction.SIGNED_OUT)
					.withPayload(Map.of("reason", "session-lifetime")))));
		try {
			session.invalidate();
		}
		catch (IllegalStateException ex) {
			// Already invalidated by another request of the same browser.
		}
	}

}
