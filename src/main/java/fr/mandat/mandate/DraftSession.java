package fr.mandat.mandate;

import java.net.URI;
import java.time.Instant;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * What the mandate pages and the sensitive actions share about a draft at the counter:
 * where it is kept in the session, the page that shows it, the aidant's authentication
 * time and the application's address. Kept apart so that no controller reaches into
 * another's statics.
 */
final class DraftSession {

	/** The session attribute holding the {@link MandateDraft}. */
	static final String DRAFT = "mandat.mandateDraft";

	/** The draft's recap page. */
	static final String RECAP = "/mandats/nouveau/recapitulatif";

	private DraftSession() {
	}

	static Instant authenticatedAt(Authentication authentication) {
		Instant at = (authentication.getPrincipal() instanceof OidcUser user) ? user.getIdToken().getAuthenticatedAt()
				: null;
		if (at == null) {
			throw new AccessDeniedException("No authentication time");
		}
		return at;
	}

	static URI address(String path) {
		return ServletUriComponentsBuilder.fromCurrentContextPath().path(path).build().toUri();
	}

}
