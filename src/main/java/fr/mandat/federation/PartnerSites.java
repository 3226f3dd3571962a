package fr.mandat.federation;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import fr.mandat.federation.FederationProperties.PartnerSite;
import fr.mandat.structure.DemarcheCategory;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The partner sites of the configuration, as the authorization server registers them:
 * {@code private_key_jwt} only, authorization code with PKCE only, the aidant's choice
 * asked every time, no refresh token, short-lived opaque access tokens and ES256 ID
 * tokens.
 */
final class PartnerSites {

	private final Map<String, Site> sites = new LinkedHashMap<>();

	PartnerSites(FederationProperties properties) {
		for (PartnerSite site : properties.clients()) {
			Set<DemarcheCategory> categories = new LinkedHashSet<>();
			for (String code : site.categories()) {
				categories.add(DemarcheCategory.fromCode(code)
					.orElseThrow(() -> new IllegalArgumentException(
							"Partner client " + site.clientId() + ": unknown démarche category " + code)));
			}
			if (this.sites.put(site.clientId(),
					new Site(site, Set.copyOf(categories), registeredClient(site, properties))) != null) {
				throw new IllegalArgumentException("Partner client " + site.clientId() + " is configured twice");
			}
		}
	}

	Optional<Site> find(String clientId) {
		return Optional.ofNullable(this.sites.get(clientId));
	}

	/** Every site, in configuration order. */
	List<Site> all() {
		return List.copyOf(this.sites.values());
	}

	List<RegisteredClient> registeredClients() {
		return this.sites.values().stream().map(Site::client).toList();
	}

	private static RegisteredClient registeredClient(PartnerSite site, FederationProperties properties) {
		ClientSettings.Builder settings = ClientSettings.builder()
			.requireProofKey(true)
			.requireAuthorizationConsent(true)
			.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.ES256);
		if (site.jwksUri() != null) {
			settings.jwkSetUrl(site.jwksUri().toString());
		}
		return RegisteredClient.withId(site.clientId())
			.clientId(site.clientId())
			.clientName(site.name())
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			// For its back-end: a delegation token for one of its APIs (ADR 0113).
			.authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
			.redirectUris(uris -> site.redirectUris().stream().map(URI::toString).forEach(uris::add))
			.scope(OidcScopes.OPENID)
			.clientSettings(settings.build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.REFERENCE)
				.accessTokenTimeToLive(properties.accessTokenTtl())
				.authorizationCodeTimeToLive(java.time.Duration.ofMinutes(1))
				.idTokenSignatureAlgorithm(SignatureAlgorithm.ES256)
				.build())
			.build();
	}

	/** A partner site with its categories and its registration. */
	record Site(PartnerSite settings, Set<DemarcheCategory> categories, RegisteredClient client) {

		String name() {
			return this.settings.name();
		}

	}

}
