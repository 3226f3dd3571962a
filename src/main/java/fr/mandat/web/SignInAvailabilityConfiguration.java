package fr.mandat.web;

import jakarta.servlet.DispatcherType;
import org.thymeleaf.ITemplateEngine;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OAuth2ClientProperties.class)
class SignInAvailabilityConfiguration {

	/**
	 * Where a sign-in starts: the staff's and the usager space's authorization requests.
	 */
	static final String[] SIGN_IN_STARTS = { "/oauth2/authorization/*", "/mon-espace/connexion/*" };

	/**
	 * Replaces Spring Boot's repository, which asks every provider while the application
	 * starts: an instance starts, and restarts, while Keycloak is away.
	 */
	@Bean
	LazyClientRegistrations clientRegistrationRepository(OAuth2ClientProperties properties) {
		return new LazyClientRegistrations(properties);
	}

	@Bean
	IdentityProviderProbe identityProviderProbe(LazyClientRegistrations registrations) {
		return new IdentityProviderProbe(registrations);
	}

	@Bean
	FilterRegistrationBean<SignInAvailabilityFilter> signInAvailabilityFilter(IdentityProviderProbe probe,
			LazyClientRegistrations registrations, ITemplateEngine templates) {
		FilterRegistrationBean<SignInAvailabilityFilter> registration = new FilterRegistrationBean<>(
				new SignInAvailabilityFilter(probe, registrations, templates));
		registration.addUrlPatterns(SIGN_IN_STARTS);
		// After the outage filter, before the session and security filters.
		registration.setOrder(DatabaseOutageConfiguration.ORDER + 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

}
