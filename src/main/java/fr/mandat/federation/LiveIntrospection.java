package fr.mandat.federation;

import fr.mandat.federation.PartnerSignIns.Exchange;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Token introspection (RFC 7662) that answers from the application's data at each call: a
 * token is active only while it is unexpired and the mandate it was given under still
 * covers one of the partner's categories and the aidant is still an active aidant of that
 * structure; a partner learns only about its own tokens. Active answers carry the same
 * {@code sub}, {@code act}, {@code mandate_id} and {@code authorization_details} as the
 * ID token.
 */
final class LiveIntrospection implements AuthenticationProvider {

	private final AuthenticationProvider server;

	private final OAuth2AuthorizationService authorizations;

	private final PartnerSites sites;

	private final PartnerSignIns signIns;

	LiveIntrospection(AuthenticationProvider server, OAuth2AuthorizationService authorizations, PartnerSites sites,
			PartnerSignIns signIns) {
		this.server = server;
		this.authorizations = authorizations;
		this.sites = sites;
		this.signIns = signIns;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		Authentication answer = this.server.authenticate(authentication);
		if (!(answer instanceof OAuth2TokenIntrospectionAuthenticationToken introspection)
				|| !introspection.getTokenClaims().isActive()
				|| !(introspection.getPrincipal() instanceof OAuth2ClientAuthenticationToken caller)
				|| caller.getRegisteredClient() == null) {
			return answer;
		}
		OAuth2Authorization authorization = this.authorizations.findByToken(introspection.getToken(), null);
		String callerId = caller.getRegisteredClient().getClientId();
		PartnerSites.Site site = this.sites.find(callerId).orElse(null);
		if (authorization == null || site == null || !authorization.getRegisteredClientId().equals(callerId)) {
			return inactive(introspection, caller);
		}
		Exchange now = this.signIns.stillHolds(authorization.getId(), site, authorization.getPrincipalName());
		if (!(now instanceof Exchange.Granted granted)) {
			return inactive(introspection, caller);
		}
		OAuth2TokenIntrospection claims = OAuth2TokenIntrospection
			.withClaims(introspection.getTokenClaims().getClaims())
			.subject(granted.subject())
			.claim("act", granted.actor())
			.claim("mandate_id", granted.mandateId().toString())
			.claim("authorization_details", granted.authorizationDetails())
			.build();
		return new OAuth2TokenIntrospectionAuthenticationToken(introspection.getToken(), caller, claims);
	}

	private static Authentication inactive(OAuth2TokenIntrospectionAuthenticationToken introspection,
			OAuth2ClientAuthenticationToken caller) {
		return new OAuth2TokenIntrospectionAuthenticationToken(introspection.getToken(), caller,
				OAuth2TokenIntrospection.builder().build());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.server.supports(authentication);
	}

}
