package fr.mandat.federation;

import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;

import fr.mandat.federation.PartnerSignIns.Refusal;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The authorization request's checks beyond the server's own (redirect address, scopes,
 * PKCE), at the authorization and pushed authorization endpoints: a request without the
 * {@code openid} scope is refused up front ({@code invalid_scope}, sent to the partner's
 * redirect address: only an OpenID sign-in is checked against the mandate), and a site an
 * admin has disabled is refused with a page in French for the aidant.
 */
final class AuthorizationRequestChecks implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> server = new OAuth2AuthorizationCodeRequestAuthenticationValidator();

	private final PartnerSites sites;

	private final PartnerStatuses statuses;

	AuthorizationRequestChecks(PartnerSites sites, PartnerStatuses statuses) {
		this.sites = sites;
		this.statuses = statuses;
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		this.server.accept(context);
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		String clientId = context.getRegisteredClient().getClientId();
		if (!request.getScopes().contains(OidcScopes.OPENID)) {
			throw toClient(request, context, OAuth2ErrorCodes.INVALID_SCOPE,
					"Mandat answers OpenID Connect sign-ins only: the scope must hold openid");
		}
		if (!this.statuses.enabled(clientId)) {
			String name = this.sites.find(clientId).map(PartnerSites.Site::name).orElse(clientId);
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes instanceof ServletRequestAttributes servlet) {
				HttpServletRequest http = servlet.getRequest();
				AidantChoice.refuse(http, new Refusal("partner-disabled", "Le site « " + name
						+ " » est désactivé dans Mandat : vous ne pouvez pas vous y connecter pour un usager."));
			}
			throw toClient(request, context, OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "This partner site is disabled");
		}
	}

	/**
	 * The error the server sends to the partner's redirect address (already checked here
	 * by the server's own validator), as its own validator builds it.
	 */
	private static OAuth2AuthorizationCodeRequestAuthenticationException toClient(
			OAuth2AuthorizationCodeRequestAuthenticationToken request,
			OAuth2AuthorizationCodeRequestAuthenticationContext context, String code, String description) {
		String redirectUri = (request.getRedirectUri() != null && !request.getRedirectUri().isBlank())
				? request.getRedirectUri() : context.getRegisteredClient().getRedirectUris().iterator().next();
		OAuth2AuthorizationCodeRequestAuthenticationToken answered = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
				redirectUri, request.getState(), request.getScopes(), request.getAdditionalParameters());
		answered.setAuthenticated(true);
		return new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(code, description, null),
				answered);
	}

}
