package fr.mandat.web.config;

import java.util.Map;
import java.util.Objects;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.StaffDirectory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * OpenID Connect back-channel logout: when Keycloak ends a person's session (sign-out
 * elsewhere, an admin, a disabled account), it posts a signed logout token, which Spring
 * Security checks (signature, issuer, audience, events claim). This handler then deletes
 * the application sessions of that Keycloak session ({@code sid}) from the shared session
 * store, so every instance refuses them at once, and journals each sign-out.
 */
final class BackChannelLogout implements LogoutHandler {

	/** The Keycloak session ({@code sid}) the application session was signed in with. */
	static final String PROVIDER_SESSION = BackChannelLogout.class.getName() + ".sid";

	private static final Logger logger = LoggerFactory.getLogger(BackChannelLogout.class);

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	private final StaffDirectory directory;

	private final Journal journal;

	private final TransactionTemplate transactions;

	BackChannelLogout(FindByIndexNameSessionRepository<? extends Session> sessions, StaffDirectory directory,
			Journal journal, TransactionTemplate transactions) {
		this.sessions = sessions;
		this.directory = directory;
		this.journal = journal;
		this.transactions = transactions;
	}

	/** Remembers the provider's session of a sign-in (a step-up may bring a new one). */
	static void signedIn(HttpSession session, Authentication authentication) {
		if (authentication.getPrincipal() instanceof OidcUser user) {
			String sid = user.getIdToken().getClaimAsString("sid");
			if (sid != null) {
				session.setAttribute(PROVIDER_SESSION, sid);
			}
		}
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (authentication == null || !(authentication.getCredentials() instanceof OidcLogoutToken token)) {
			return;
		}
		String subject = token.getSubject();
		String sid = token.getSessionId();
		if (subject == null) {
			// Keycloak always names the subject; a token with a session id only would
			// need
			// a scan of every session, which the store cannot do by index.
			logger.warn("Back-channel logout without a subject ignored");
			return;
		}
		int ended = 0;
		for (Map.Entry<String, ? extends Session> entry : this.sessions.findByPrincipalName(subject).entrySet()) {
			Object signedInWith = entry.getValue().getAttribute(PROVIDER_SESSION);
			if (sid == null || Objects.equals(sid, signedInWith)) {
				this.sessions.deleteById(entry.getKey());
				ended++;
			}
		}
		if (ended > 0) {
			journal(subject, ended);
		}
	}

	private void journal(String subject, int ended) {
		this.directory.findBySubject(subject)
			.ifPresent(
					member -> this.transactions
						.executeWithoutResult(
								status -> this.journal.record(
										JournalRecord
											.of(Actor.aidant(member.aidantId(),
													member.structures().isEmpty() ? null
															: member.structures().get(0).id()),
													JournalAction.SIGNED_OUT)
											.withPayload(Map.of("reason", "identity-provider", "sessions", ended)))));
	}

}
