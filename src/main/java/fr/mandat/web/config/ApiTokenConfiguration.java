package fr.mandat.web.config;

import fr.mandat.identity.IdentityProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Which bearer tokens the API takes: access tokens of the application's client (see
 * {@link ApiTokenValidator}, which Spring Boot adds to the decoder's issuer, expiry and
 * audience checks), and the local-only CLI client's under the local profile only.
 */
@Configuration(proxyBeanMethods = false)
class ApiTokenConfiguration {

	@Bean
	LocalOnlyClients localOnlyClients(Environment environment, IdentityProperties identity) {
		return new LocalOnlyClients(environment, identity.staffIssuer());
	}

	@Bean
	OAuth2TokenValidator<Jwt> apiTokenValidator(LocalOnlyClients clients, IdentityProperties identity) {
		return new ApiTokenValidator(clients.apiClients(identity.staffClientId()));
	}

}
