package fr.mandat.federation;

import java.time.Instant;
import java.util.function.Function;

import fr.mandat.federation.PartnerSignIns.Exchange;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

/**
 * The userinfo endpoint with opaque access tokens, answered from the application's data
 * at each call: the same {@code sub}, {@code act}, {@code mandate_id} and
 * {@code authorization_details} as the ID token while the mandate still covers one of the
 * partner's categories and the aidant is still an active aidant of the structure;
 * {@code invalid_token} (401) from the moment either stops.
 */
final class LiveUserInfo implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

	private final PartnerSites sites;

	private final PartnerSignIns signIns;

	LiveUserInfo(PartnerSites sites, PartnerSignIns signIns) {
		this.sites = sites;
		this.signIns = signIns;
	}

	@Override
	public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
		OAuth2Authorization authorization = context.getAuthorization();
		PartnerSites.Site site = this.sites.find(authorization.getRegisteredClientId())
			.orElseThrow(() -> new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_TOKEN));
		Exchange now = this.signIns.stillHolds(authorization.getId(), site, authorization.getPrincipalName());
		if (!(now instanceof Exchange.Granted granted)) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_TOKEN);
		}
		return OidcUserInfo.builder()
			.subject(granted.subject())
			.claim("act", granted.actor())
			.claim("mandate_id", granted.mandateId().toString())
			.claim("authorization_details", granted.authorizationDetails())
			.build();
	}

	/**
	 * Lets the server's bearer-token filter accept its own opaque access tokens (it
	 * expects JWTs): the token is found among the stored authorizations, or refused. What
	 * it may read is then decided by {@link #apply}.
	 */
	static JwtDecoder accessTokens(OAuth2AuthorizationService authorizations) {
		return token -> {
			OAuth2Authorization authorization = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
			OAuth2Authorization.Token<OAuth2AccessToken> access = (authorization != null)
					? authorization.getAccessToken() : null;
			if (authorization == null || access == null || !access.isActive()) {
				throw new BadJwtException("Unknown, expired or revoked access token");
			}
			Jwt.Builder jwt = Jwt.withTokenValue(token)
				.header("typ", "opaque")
				.subject(authorization.getPrincipalName());
			Instant issuedAt = access.getToken().getIssuedAt();
			Instant expiresAt = access.getToken().getExpiresAt();
			if (issuedAt != null && expiresAt != null) {
				jwt.issuedAt(issuedAt).expiresAt(expiresAt);
			}
			return jwt.build();
		};
	}

}
