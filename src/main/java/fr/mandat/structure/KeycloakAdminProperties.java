package fr.mandat.structure;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The staff realm's admin REST API, reached with this service's own service account.
 *
 * @param clientId the confidential client whose service account may manage users
 * @param clientSecret its secret
 */
@Validated
@ConfigurationProperties("mandat.keycloak-admin")
record KeycloakAdminProperties(@DefaultValue("mandat-admin") @NotBlank String clientId, @NotBlank String clientSecret) {

}
