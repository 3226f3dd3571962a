package fr.mandat.espaceusager;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import fr.mandat.web.IdentityProviderProbe;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The usager's space has a filter chain of its own, matching {@code /mon-espace/**} only
 * and placed before the staff's (which takes everything else). It signs usagers in at the
 * usagers' identity provider with its own client ({@code mandat-espace}) and paths, and
 * keeps what it knows in session attributes of its own (security context, CSRF token,
 * saved request, authorization request): a staff session and a usager session in the same
 * browser share the cookie but never see each other's sign-in (ADR 0100).
 */
@Configuration(proxyBeanMethods = false)
class UsagerSpaceSecurity {

	static final String REGISTRATION_ID = "mandat-espace";

	static final String AUTHORIZATION_BASE = "/mon-espace/connexion";

	static final String SIGN_IN_PATH = AUTHORIZATION_BASE + "/" + REGISTRATION_ID;

	static final String CALLBACK_PATH = "/mon-espace/retour-connexion";

	/** Asked on the sign-in path for a fresh authentication ({@code max_age}). */
	static final String FRESH_PARAMETER = "renforcement";

	static final String CONTEXT_ATTRIBUTE = "MANDAT_ESPACE_USAGER_SECURITY_CONTEXT";

	private static final String CSRF_ATTRIBUTE = "MANDAT_ESPACE_USAGER_CSRF_TOKEN";

	private static final String SAVED_REQUEST_ATTRIBUTE = "MANDAT_ESPACE_USAGER_SAVED_REQUEST";

	@Bean
	@Order(3)
	SecurityFilterChain usagerSpace(HttpSecurity http, ClientRegistrationRepository registrations,
			UsagerSpaceProperties properties, @Value("${mandat.usager-identity.issuer}") String usagerIssuer,
			UsagerSignIns signIns, IdentityProviderProbe providers) throws Exception {
		HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
		contexts.setSpringSecurityContextKey(CONTEXT_ATTRIBUTE);
		HttpSessionCsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();
		csrfTokens.setSessionAttributeName(CSRF_ATTRIBUTE);
		HttpSessionRequestCache requests = new HttpSessionRequestCache();
		requests.setSessionAttrName(SAVED_REQUEST_ATTRIBUTE);
		withoutContinueParameter(requests);

		ClientRegistrationRepository spaceOnly = id -> REGISTRATION_ID.equals(id)
				? registrations.findByRegistrationId(id) : null;
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(spaceOnly,
				AUTHORIZATION_BASE);
		long maxAge = properties.freshAuthentication().toSeconds();
		resolver.setAuthorizationRequestCustomizer(
				OAuth2AuthorizationRequestCustomizers.withPkce().andThen(builder -> freshWhenAsked(builder, maxAge)));

		SavedRequestAwareAuthenticationSuccessHandler savedRequest = new SavedRequestAwareAuthenticationSuccessHandler();
		savedRequest.setRequestCache(requests);
		savedRequest.setDefaultTargetUrl("/mon-espace");

		OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(spaceOnly);
		signedOut.setPostLogoutRedirectUri("{baseUrl}/mon-espace/deconnexion-faite");

		return http.securityMatcher("/mon-espace", "/mon-espace/**")
			.authorizeHttpRequests(authorize -> authorize
				.requestMatchers("/mon-espace/deconnexion-faite", "/mon-espace/connexion-refusee")
				.permitAll()
				.anyRequest()
				.authenticated())
			.securityContext(context -> context.securityContextRepository(contexts))
			.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
			.requestCache(cache -> cache.requestCache(requests))
			.oauth2Login(login -> login.loginPage(SIGN_IN_PATH)
				.clientRegistrationRepository(spaceOnly)
				.authorizationEndpoint(endpoint -> endpoint.baseUri(AUTHORIZATION_BASE)
					.authorizationRequestResolver(resolver)
					.authorizationRequestRepository(new UsagerAuthorizationRequests()))
				.loginProcessingUrl(CALLBACK_PATH)
				.successHandler((request, response, authentication) -> signedIn(request, response, authentication,
						properties, contexts, savedRequest, signIns))
				.failureHandler((request, response, exception) -> response
					.sendRedirect(request.getContextPath() + "/mon-espace/connexion-refusee")))
			.logout(logout -> logout.logoutUrl("/mon-espace/deconnexion")
				// The staff session in the same browser, if any, stays signed in.
				.invalidateHttpSession(false)
				.addLogoutHandler((request, response, authentication) -> {
					if (authentication != null && authentication.getPrincipal() instanceof OidcUser user) {
						signIns.signedOut(user);
					}
					forget(request);
				})
				.logoutSuccessHandler(providers.signOutAtProviderIfReachable(REGISTRATION_ID, signedOut,
						"/mon-espace/deconnexion-faite")))
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(SIGN_IN_PATH)))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(pagePolicy(usagerIssuer)))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
				.permissionsPolicyHeader(permissions -> permissions.policy("camera=(), microphone=(), geolocation=()")))
			.build();
	}

	/**
	 * A usager signed in whose identity level is not accepted is signed out again and
	 * told so; an accepted sign-in is journaled; after a fresh authentication asked for a
	 * revocation, the revocation resumes.
	 */
	private static void signedIn(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication, UsagerSpaceProperties properties,
			HttpSessionSecurityContextRepository contexts, SavedRequestAwareAuthenticationSuccessHandler savedRequest,
			UsagerSignIns signIns) throws IOException, jakarta.servlet.ServletException {
		OidcUser user = (authentication.getPrincipal() instanceof OidcUser oidc) ? oidc : null;
		String acr = (user != null) ? user.getIdToken().getClaimAsString("acr") : null;
		if (user == null || acr == null || !properties.acceptedAcr().contains(acr)) {
			SecurityContextHolder.clearContext();
			contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
			response.sendRedirect(request.getContextPath() + "/mon-espace/connexion-refusee");
			return;
		}
		signIns.signedIn(user);
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(PendingRevocation.ATTRIBUTE) != null) {
			response.sendRedirect(request.getContextPath() + "/mon-espace/revocations/reprise");
			return;
		}
		savedRequest.onAuthenticationSuccess(request, response, authentication);
	}

	/** What the usager's space kept in the session, and only that. */
	private static void forget(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(PendingRevocation.ATTRIBUTE);
			session.removeAttribute(SAVED_REQUEST_ATTRIBUTE);
			session.removeAttribute(UsagerAuthorizationRequests.ATTRIBUTE);
		}
	}

	private static void freshWhenAsked(OAuth2AuthorizationRequest.Builder builder, long maxAge) {
		builder.additionalParameters(parameters -> parameters.put("ui_locales", "fr"));
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& attributes.getRequest().getParameter(FRESH_PARAMETER) != null) {
			builder.additionalParameters(parameters -> parameters.put("max_age", String.valueOf(maxAge)));
		}
	}

	private static String pagePolicy(String usagerIssuer) {
		// Sign-out and a revocation that asks for a fresh authentication redirect to the
		// identity provider after a POST.
		URI issuer = URI.create(usagerIssuer);
		String origin = issuer.getScheme() + "://" + issuer.getAuthority();
		return String.join("; ", "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
				"font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
				"form-action 'self' " + origin, "frame-ancestors 'none'");
	}

	@SuppressWarnings("NullAway")
	private static void withoutContinueParameter(HttpSessionRequestCache cache) {
		cache.setMatchingRequestParameterName(null);
	}

}
