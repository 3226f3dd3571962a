package fr.mandat.local.partnersite;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import fr.mandat.local.LocalPartnerSites;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The demo site's end of OpenID Connect Back-Channel Logout: Mandat posts a
 * {@code logout_token} when the mandate (or the aidant's habilitation) no longer allows
 * the session; the site checks it (ES256 against Mandat's keys, {@code typ logout+jwt},
 * issuer, audience, the back-channel event, no {@code nonce}) and ends the sessions it
 * names ({@code sid}, else every session of that {@code sub}) at their next request.
 * <p>
 * Spring Security's own back-channel support is not used: its logout-token decoder
 * accepts only RS256 (no way to give it Mandat's ES256 in Spring Security 7.1's
 * configurer), and it ends sessions by calling the site back with their cookie.
 */
final class MandatLogouts extends OncePerRequestFilter {

	static final String PATH = LocalPartnerSites.DEMO_SITE_LOGOUT_PATH;

	private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private final NimbusJwtDecoder decoder;

	private final Set<String> endedSessions = ConcurrentHashMap.newKeySet();

	private final Set<String> endedSubjects = ConcurrentHashMap.newKeySet();

	MandatLogouts(String issuer, String jwksUri, String clientId) {
		// A logout token, not an ID token: typ logout+jwt (and nothing else) for Nimbus
		// and
		// for the validators below.
		this.decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri)
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.validateType(true)
			.jwtProcessorCustomizer(processor -> processor
				.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt"))))
			.build();
		OAuth2TokenValidator<Jwt> logoutToken = jwt -> {
			List<String> audience = jwt.getAudience();
			Object events = jwt.getClaims().get("events");
			boolean ok = audience != null && audience.contains(clientId) && jwt.getIssuedAt() != null
					&& jwt.getId() != null && events instanceof Map<?, ?> map && map.containsKey(EVENT)
					&& !jwt.hasClaim("nonce") && (jwt.hasClaim("sid") || jwt.getSubject() != null);
			return ok ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult
				.failure(new OAuth2Error("invalid_request", "Not a logout token", null));
		};
		this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtIssuerValidator(issuer),
				new JwtTimestampValidator(), new JwtTypeValidator("logout+jwt"), logoutToken));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (PATH.equals(request.getRequestURI())) {
			receive(request, response);
			return;
		}
		Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
		if (signedIn instanceof OAuth2AuthenticationToken token && token.getPrincipal() instanceof OidcUser user
				&& ended(user)) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.invalidate();
			}
			SecurityContextHolder.clearContext();
			response.sendRedirect(URI.create("/?fin-par-mandat").toString());
			return;
		}
		chain.doFilter(request, response);
	}

	private void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader("Cache-Control", "no-store");
		String token = request.getParameter("logout_token");
		if (!"POST".equals(request.getMethod()) || token == null) {
			response.sendError(HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		Jwt logout;
		try {
			logout = this.decoder.decode(token);
		}
		catch (JwtException ex) {
			logger.warn("Logout token refused: " + ex.getMessage());
			response.sendError(HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		String sid = logout.getClaimAsString("sid");
		if (sid != null) {
			this.endedSessions.add(sid);
		}
		else {
			this.endedSubjects.add(logout.getSubject());
		}
		response.setStatus(HttpServletResponse.SC_OK);
	}

	private boolean ended(OidcUser user) {
		@Nullable String sid = user.getClaimAsString("sid");
		return (sid != null && this.endedSessions.contains(sid)) || this.endedSubjects.contains(user.getSubject());
	}

}
