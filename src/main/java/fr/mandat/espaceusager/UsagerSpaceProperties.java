package fr.mandat.espaceusager;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The usager's space.
 *
 * @param clientId its client at the usagers' identity provider (not the one that
 * identifies usagers at the counter)
 * @param clientSecret that client's secret
 * @param freshAuthentication how recent the usager's authentication must be to revoke
 * (sent as the OpenID Connect {@code max_age}, and checked on the ID token's
 * {@code auth_time})
 * @param acceptedAcr the {@code acr} values accepted to sign in
 */
@Validated
@ConfigurationProperties("mandat.espace-usager")
record UsagerSpaceProperties(@DefaultValue("mandat-espace") @NotBlank String clientId, @NotBlank String clientSecret,
		@DefaultValue("5m") @NotNull Duration freshAuthentication, @DefaultValue( {
				"eidas1", "eidas2", "eidas3" }) @NotEmpty List<String> acceptedAcr){

}
