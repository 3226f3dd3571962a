package fr.mandat.federation;

import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import fr.mandat.federation.DelegationExchanges.Outcome;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The token Spring Authorization Server's token exchange (RFC 8693) issues: a delegation
 * token (ADR 0113). The server has already authenticated the partner
 * ({@code private_key_jwt}), found the authorization of the {@code subject_token} (an
 * access token of this server, still unexpired) and checked that the client may use the
 * grant; this adds what the server does not check: the subject token is the access token
 * of a sign-in of the same partner (not another's, not one obtained by an exchange), the
 * {@code audience} (or {@code resource}) names one of that partner's APIs, and the
 * mandate still allows it now ({@link DelegationExchanges}).
 */
final class DelegationTokenExchange implements OAuth2TokenGenerator<OAuth2AccessToken> {

	private final PartnerSites sites;

	private final DelegationExchanges exchanges;

	DelegationTokenExchange(PartnerSites sites, DelegationExchanges exchanges) {
		this.sites = sites;
		this.exchanges = exchanges;
	}

	@Override
	public @Nullable OAuth2AccessToken generate(OAuth2TokenContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
				|| !AuthorizationGrantType.TOKEN_EXCHANGE.equals(context.getAuthorizationGrantType())) {
			return null;
		}
		PartnerSites.Site site = this.sites.find(context.getRegisteredClient().getClientId())
			.orElseThrow(() -> refused(Outcome.INVALID_GRANT, "Unknown client"));
		OAuth2Authorization subject = context.getAuthorization();
		if (subject == null || !AuthorizationGrantType.AUTHORIZATION_CODE.equals(subject.getAuthorizationGrantType())) {
			throw refused(Outcome.INVALID_GRANT, "The subject token is not the access token of a sign-in");
		}
		if (!(context.getAuthorizationGrant() instanceof OAuth2TokenExchangeAuthenticationToken request)) {
			throw refused(Outcome.INVALID_GRANT, "Not a token exchange");
		}
		Set<String> targets = new LinkedHashSet<>(request.getAudiences());
		targets.addAll(request.getResources());
		String audience = (targets.size() == 1) ? targets.iterator().next() : null;
		Outcome outcome = this.exchanges.exchange(subject.getId(), site, audience);
		if (outcome instanceof Outcome.Denied denied) {
			throw refused(denied.error(), Outcome.INVALID_TARGET.equals(denied.error())
					? "Name one API of this partner in audience or resource" : "The mandate no longer allows it");
		}
		String token = ((Outcome.Granted) outcome).token();
		try {
			JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
			Instant issuedAt = claims.getIssueTime().toInstant();
			Instant expiresAt = claims.getExpirationTime().toInstant();
			return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, issuedAt, expiresAt);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The signing module returned an unreadable delegation token", ex);
		}
	}

	private static OAuth2AuthenticationException refused(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
	}

}
