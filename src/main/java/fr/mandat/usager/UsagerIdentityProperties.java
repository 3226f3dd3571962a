package fr.mandat.usager;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The identity provider that identifies usagers (FranceConnect in production, the
 * {@code usagers} Keycloak realm locally).
 *
 * @param issuer its OpenID Connect issuer
 * @param clientId this service's client id there
 * @param clientSecret its client secret
 * @param acceptedAcr the {@code acr} values accepted as an identity proof
 */
@Validated
@ConfigurationProperties("mandat.usager-identity")
record UsagerIdentityProperties(@NotBlank String issuer, @NotBlank String clientId, @NotBlank String clientSecret,
		@DefaultValue( {
				"eidas1", "eidas2", "eidas3" }) @NotEmpty List<String> acceptedAcr){

}
