package fr.mandat.federation;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Mandat as an OpenID provider for partner sites (ADR 0110).
 *
 * @param issuer the provider's public address ({@code iss}); discovery is at
 * {@code {issuer}/.well-known/openid-configuration}
 * @param idTokenTtl how long an ID token stays valid
 * @param accessTokenTtl how long an access token (opaque) stays valid
 * @param clients the partner sites allowed to sign aidants in
 */
@Validated
@ConfigurationProperties("mandat.federation")
record FederationProperties(@NotBlank String issuer,
		@DefaultValue("5m") @NotNull @DurationMin(seconds = 30) @DurationMax(minutes = 10) Duration idTokenTtl,
		@DefaultValue("5m") @NotNull @DurationMin(seconds = 30) @DurationMax(minutes = 10) Duration accessTokenTtl,
		@DefaultValue List<@Valid PartnerSite> clients) {

	FederationProperties {
		clients = List.copyOf(clients);
	}

	/**
	 * One partner site.
	 *
	 * @param clientId its OAuth client id
	 * @param name its name in French, as aidants read it (e.g. « Portail CAF (simulé) »)
	 * @param redirectUris where codes are sent, matched exactly
	 * @param categories the démarche categories (codes, as in mandates) it serves
	 * @param jwksUri where its public keys for {@code private_key_jwt} are published
	 * @param jwk or its public key inline (a JWK, JSON), when it publishes none
	 * @param backchannelLogoutUri where Mandat would send back-channel logout tokens
	 * @param partner the démarche partner (mandat.demarche.partners) this site belongs
	 * to: the usager's pairwise identifier is the one that partner's delegation tokens
	 * carry; the client id when not given
	 */
	record PartnerSite(@NotBlank String clientId, @NotBlank String name, @NotEmpty Set<URI> redirectUris,
			@NotEmpty Set<@NotBlank String> categories, @Nullable URI jwksUri, @Nullable String jwk,
			@Nullable URI backchannelLogoutUri, @Nullable String partner) {

		/** The identifier the usager's pairwise {@code sub} is derived for. */
		String pairwisePartner() {
			return (this.partner == null || this.partner.isBlank()) ? this.clientId : this.partner;
		}

		PartnerSite {
			redirectUris = Set.copyOf(redirectUris);
			categories = Set.copyOf(categories);
			if ((jwksUri == null) == (jwk == null || jwk.isBlank())) {
				throw new IllegalArgumentException(
						"Partner client " + clientId + ": give exactly one of jwks-uri and jwk (private_key_jwt)");
			}
		}

	}

}
