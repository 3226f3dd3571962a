package fr.mandat.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;
import org.thymeleaf.ITemplateEngine;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

@Configuration(proxyBeanMethods = false)
class SignInAvailabilityConfiguration {

	/**
	 * Where a sign-in starts: the staff's and the usager space's authorization requests.
	 */
	static final String[] SIGN_IN_STARTS = { "/oauth2/authorization/*", "/mon-espace/connexion/*" };

	@Bean
	IdentityProviderProbe identityProviderProbe(ClientRegistrationRepository registrations) {
		List<String> ids = new ArrayList<>();
		if (registrations instanceof Iterable<?> all) {
			for (Object registration : all) {
				if (registration instanceof ClientRegistration client) {
					ids.add(client.getRegistrationId());
				}
			}
		}
		return new IdentityProviderProbe(registrations, ids);
	}

	@Bean
	FilterRegistrationBean<SignInAvailabilityFilter> signInAvailabilityFilter(IdentityProviderProbe probe,
			ITemplateEngine templates) {
		FilterRegistrationBean<SignInAvailabilityFilter> registration = new FilterRegistrationBean<>(
				new SignInAvailabilityFilter(probe, templates));
		registration.addUrlPatterns(SIGN_IN_STARTS);
		// After the outage filter, before the session and security filters.
		registration.setOrder(DatabaseOutageConfiguration.ORDER + 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

}
