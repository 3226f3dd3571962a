package fr.mandat.federation;

import java.io.IOException;
import java.text.ParseException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import com.nimbusds.jwt.JWTParser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * RFC 7523 lets a client authenticating with {@code private_key_jwt} leave out
 * {@code client_id} (the assertion's {@code iss} names it); Spring Authorization Server
 * requires it. Without it, this names the client from the assertion's {@code sub}, read
 * unverified: the server then checks the assertion's signature with that client's keys
 * and that its {@code iss} and {@code sub} are that client, so a wrong name only fails.
 */
final class ClientIdFromAssertion extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String assertion = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION);
		String clientId = (assertion != null && request.getParameter(OAuth2ParameterNames.CLIENT_ID) == null)
				? subject(assertion) : null;
		chain.doFilter((clientId != null) ? new WithClientId(request, clientId) : request, response);
	}

	private static @Nullable String subject(String assertion) {
		try {
			return JWTParser.parse(assertion).getJWTClaimsSet().getSubject();
		}
		catch (ParseException ex) {
			return null;
		}
	}

	private static final class WithClientId extends HttpServletRequestWrapper {

		private final Map<String, String[]> parameters;

		WithClientId(HttpServletRequest request, String clientId) {
			super(request);
			Map<String, String[]> all = new LinkedHashMap<>(request.getParameterMap());
			all.put(OAuth2ParameterNames.CLIENT_ID, new String[] { clientId });
			this.parameters = Collections.unmodifiableMap(all);
		}

		@Override
		public @Nullable String getParameter(String name) {
			String[] values = this.parameters.get(name);
			return (values == null || values.length == 0) ? null : values[0];
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return this.parameters;
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(this.parameters.keySet());
		}

		@Override
		public String @Nullable [] getParameterValues(String name) {
			return this.parameters.get(name);
		}

	}

}
