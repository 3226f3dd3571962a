package fr.mandat.federation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import fr.mandat.federation.PartnerSignIns.Exchange;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The ID token a partner receives at code exchange, once the mandate is checked again:
 * {@code sub} the usager's pairwise identifier for that partner, {@code act} the aidant
 * and structure acting (RFC 8693 §4.1), {@code mandate_id}, {@code authorization_details}
 * (RFC 9396) with the categories granted, the aidant's {@code acr}. A mandate revoked or
 * expired since the aidant's choice yields no token ({@code invalid_grant}). Signed by
 * the signing module ({@link ServiceKeyJwtEncoder}). Spring's own ID token generator is
 * not used: it reads the authentication time from authorities the aidant's sign-in
 * through Keycloak does not carry.
 */
final class IdTokenClaims implements OAuth2TokenGenerator<Jwt> {

	private final PartnerSites sites;

	private final PartnerSignIns signIns;

	private final JwtEncoder encoder;

	private final Duration ttl;

	IdTokenClaims(PartnerSites sites, PartnerSignIns signIns, JwtEncoder encoder, Duration ttl) {
		this.sites = sites;
		this.signIns = signIns;
		this.encoder = encoder;
		this.ttl = ttl;
	}

	@Override
	public @Nullable Jwt generate(OAuth2TokenContext context) {
		if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			return null;
		}
		OAuth2Authorization authorization = context.getAuthorization();
		if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())
				|| authorization == null) {
			throw refused("ID tokens are issued at code exchange only");
		}
		RegisteredClient client = context.getRegisteredClient();
		PartnerSites.Site site = this.sites.find(client.getClientId()).orElseThrow(() -> refused("Unknown client"));
		Exchange exchange = this.signIns.exchange(authorization.getId(), site, authorization.getPrincipalName());
		if (!(exchange instanceof Exchange.Granted granted)) {
			throw refused("The mandate no longer allows this sign-in");
		}
		Instant issuedAt = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(context.getAuthorizationServerContext().getIssuer())
			.subject(granted.subject())
			.audience(List.of(client.getClientId()))
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(this.ttl))
			.claim("azp", client.getClientId())
			.claim("act", granted.actor())
			.claim("mandate_id", granted.mandateId().toString())
			.claim("authorization_details", granted.authorizationDetails());
		if (granted.sid() != null) {
			claims.claim("sid", granted.sid());
		}
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		if (request != null
				&& request.getAdditionalParameters().get(OidcParameterNames.NONCE) instanceof String nonce) {
			claims.claim(OidcParameterNames.NONCE, nonce);
		}
		// How the aidant signed in to Mandat, kept with their choice (the authorization
		// stores only their name: ADR 0115).
		if (granted.signIn().acr() != null) {
			claims.claim("acr", granted.signIn().acr());
		}
		if (granted.signIn().authTime() != null) {
			claims.claim("auth_time", granted.signIn().authTime());
		}
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256).build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims.build()));
	}

	private static OAuth2AuthenticationException refused(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, null));
	}

}
