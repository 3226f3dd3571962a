package fr.mandat.structure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The staff realm's admin REST API, reached with this service's own service account.
 *
 * @param clientId the confidential client whose service account may manage users
 * @param clientSecret its secret
 * @param invitationReturnUrl where the invitation e-mail's link leads once the password
 * and TOTP device are set (one of that client's redirect URIs); none when unset
 */
@Validated
@ConfigurationProperties("mandat.keycloak-admin")
record KeycloakAdminProperties(@DefaultValue("mandat-admin") @NotBlank String clientId, @NotBlank String clientSecret,
		@Nullable URI invitationReturnUrl) {

}
