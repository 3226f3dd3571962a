package fr.mandat.espaceusager;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * The usager's sign-in under way, kept under a session attribute of its own, so that a
 * staff sign-in started in the same browser neither replaces nor completes it.
 */
class UsagerAuthorizationRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String ATTRIBUTE = "MANDAT_ESPACE_USAGER_AUTHORIZATION_REQUEST";

	@Override
	public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		if (session == null || state == null
				|| !(session.getAttribute(ATTRIBUTE) instanceof OAuth2AuthorizationRequest stored)) {
			return null;
		}
		String expected = stored.getState();
		return (expected != null && MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
				expected.getBytes(StandardCharsets.UTF_8))) ? stored : null;
	}

	@Override
	public void saveAuthorizationRequest(@Nullable OAuth2AuthorizationRequest authorizationRequest,
			HttpServletRequest request, HttpServletResponse response) {
		if (authorizationRequest == null) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.removeAttribute(ATTRIBUTE);
			}
			return;
		}
		request.getSession().setAttribute(ATTRIBUTE, authorizationRequest);
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizationRequest stored = loadAuthorizationRequest(request);
		if (stored != null) {
			request.getSession().removeAttribute(ATTRIBUTE);
		}
		return stored;
	}

}
