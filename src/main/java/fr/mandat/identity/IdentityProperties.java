package fr.mandat.identity;

import java.net.URI;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The staff identity provider (a Keycloak realm).
 *
 * @param staffIssuer the realm's issuer URI
 * @param staffClientId this application's client in that realm
 * @param staffClientSecret its secret
 */
@Validated
@ConfigurationProperties("mandat.identity")
public record IdentityProperties(@NotBlank String staffIssuer, @NotBlank String staffClientId,
		@NotBlank String staffClientSecret) {

	/** Scheme, host and port of the issuer: where sign-in and sign-out forms lead. */
	public String staffIssuerOrigin() {
		return origin(this.staffIssuer);
	}

	public static String origin(String uri) {
		URI issuer = URI.create(uri);
		return issuer.getScheme() + "://" + issuer.getAuthority();
	}

}
