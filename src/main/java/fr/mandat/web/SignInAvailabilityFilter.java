package fr.mandat.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.ITemplateEngine;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A sign-in started while its provider does not answer ({@link IdentityProviderProbe})
 * gets « connexion momentanément indisponible » (503, French) instead of a redirect to a
 * provider the browser cannot reach. People already signed in are not concerned: their
 * session is in the database.
 */
class SignInAvailabilityFilter extends OncePerRequestFilter {

	private final IdentityProviderProbe probe;

	private final LazyClientRegistrations registrations;

	private final ITemplateEngine templates;

	SignInAvailabilityFilter(IdentityProviderProbe probe, LazyClientRegistrations registrations,
			ITemplateEngine templates) {
		this.probe = probe;
		this.registrations = registrations;
		this.templates = templates;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String registrationId = path.substring(path.lastIndexOf('/') + 1);
		if (this.probe.reachable(registrationId) && discovered(registrationId)) {
			chain.doFilter(request, response);
			return;
		}
		DatabaseOutageFilter.unavailablePage(this.templates, "error/connexion-indisponible", request, response);
	}

	/**
	 * Whether the provider's configuration is known, asking for it now if this instance
	 * never did (it started while the provider was away).
	 */
	private boolean discovered(String registrationId) {
		try {
			this.registrations.findByRegistrationId(registrationId);
			return true;
		}
		catch (LazyClientRegistrations.IdentityProviderUnavailable ex) {
			return false;
		}
	}

}
