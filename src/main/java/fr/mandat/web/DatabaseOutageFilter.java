package fr.mandat.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers every request that failed because the database is out of reach, wherever it
 * failed (reading the session, the security context, a controller), or because the
 * sign-in provider could not be asked for the keys that check an API token, with 503 and
 * {@code Retry-After}: a French page for people, RFC 9457 problem details under
 * {@code /api}. It runs before the session and security filters, so answering needs
 * neither the session nor the database, and it answers at once instead of each later step
 * waiting for a connection again. The pool reconnects by itself when the database is
 * back: nothing to restart.
 */
class DatabaseOutageFilter extends OncePerRequestFilter {

	/** How long a client should wait before trying again. */
	static final String RETRY_AFTER_SECONDS = "30";

	/** The pages' policy, without the sign-in providers: this page links nowhere else. */
	private static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

	private final ITemplateEngine templates;

	private final JsonMapper json;

	DatabaseOutageFilter(ITemplateEngine templates, JsonMapper json) {
		this.templates = templates;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			boolean database = DatabaseUnavailable.causedBy(ex);
			if (!(database || IdentityProviderUnavailable.causedBy(ex)) || response.isCommitted()) {
				throw ex;
			}
			// No exception text: it may name hosts and statements.
			log.warn("{} out of reach: {} {} answered 503", database ? "Database" : "Sign-in provider",
					request.getMethod(), request.getRequestURI());
			answer(request, response);
		}
	}

	private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.reset();
		if (ApiProblems.isApi(request.getRequestURI())) {
			unavailableHeaders(response, "default-src 'none'; frame-ancestors 'none'");
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			this.json.writeValue(response.getOutputStream(),
					ApiProblems.forStatus(HttpStatus.SERVICE_UNAVAILABLE, request.getRequestURI()));
			return;
		}
		unavailablePage(this.templates, "error/503", request, response);
	}

	/**
	 * A 503 page rendered without the session, the security context or the database, with
	 * the headers the security filters would have set.
	 */
	static void unavailablePage(ITemplateEngine templates, String template, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		unavailableHeaders(response, PAGE_POLICY);
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		WebContext page = new WebContext(
				JakartaServletWebApplication.buildApplication(request.getServletContext())
					.buildExchange(request, response),
				Locale.FRENCH, Map.of("status", HttpStatus.SERVICE_UNAVAILABLE.value()));
		templates.process(template, page, response.getWriter());
	}

	private static void unavailableHeaders(HttpServletResponse response, String contentSecurityPolicy) {
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Content-Security-Policy", contentSecurityPolicy);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
	}

}
