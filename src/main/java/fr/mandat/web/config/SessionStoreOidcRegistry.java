package fr.mandat.web.config;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;

/**
 * Keeps nothing: which application sessions belong to a Keycloak session is read from the
 * shared session store itself ({@link BackChannelLogout}), so every instance knows every
 * session. Spring Security's default registry would keep them in one instance's memory,
 * never forgetting sessions that merely expire.
 */
final class SessionStoreOidcRegistry implements OidcSessionRegistry {

	@Override
	public void saveSessionInformation(OidcSessionInformation info) {
		// Recorded as a session attribute at sign-in instead.
	}

	@Override
	// The interface allows null (JSpecify), which NullAway's standard mode does not see.
	@SuppressWarnings("NullAway")
	public @Nullable OidcSessionInformation removeSessionInformation(String clientSessionId) {
		return null;
	}

	@Override
	public Iterable<OidcSessionInformation> removeSessionInformation(OidcLogoutToken logoutToken) {
		return List.of();
	}

}
