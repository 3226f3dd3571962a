package fr.mandat.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A sign-in started while its provider does not answer ({@link IdentityProviderProbe})
 * gets « connexion momentanément indisponible » (503, French) instead of a redirect to a
 * provider the browser cannot reach. People already signed in are not concerned: their
 * session is in the database.
 */
class SignInAvailabilityFilter extends OncePerRequestFilter {

	private final IdentityProviderProbe probe;

	private final ITemplateEngine templates;

	SignInAvailabilityFilter(IdentityProviderProbe probe, ITemplateEngine templates) {
		this.probe = probe;
		this.templates = templates;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String registrationId = path.substring(path.lastIndexOf('/') + 1);
		if (this.probe.reachable(registrationId)) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseOutageFilter.RETRY_AFTER_SECONDS);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Content-Security-Policy", DatabaseOutageFilter.PAGE_POLICY);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		WebContext page = new WebContext(
				JakartaServletWebApplication.buildApplication(request.getServletContext())
					.buildExchange(request, response),
				Locale.FRENCH, Map.of("status", HttpStatus.SERVICE_UNAVAILABLE.value()));
		this.templates.process("error/connexion-indisponible", page, response.getWriter());
	}

}
