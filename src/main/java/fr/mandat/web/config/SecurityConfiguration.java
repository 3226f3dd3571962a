package fr.mandat.web.config;

import java.time.Clock;
import java.util.List;

import fr.mandat.web.IdentityProviderProbe;
import fr.mandat.identity.AidantAuthorizationManager;
import fr.mandat.identity.IdentityProperties;
import fr.mandat.identity.RoleAuthorizationManager;
import fr.mandat.identity.SignInJournal;
import fr.mandat.identity.StaffIdentities;
import fr.mandat.identity.StepUp;
import fr.mandat.journal.Journal;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.Role;
import fr.mandat.structure.StaffDirectory;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Deny by default. Pages use the staff realm's sign-in (authorization code + PKCE) and a
 * server-side session; the JSON API takes bearer tokens from the same realm. Either way,
 * every request is then decided on the application's own data
 * ({@link AidantAuthorizationManager}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String REGISTRATION_ID = "mandat";

	static final String SIGN_IN_PATH = OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI
			+ "/" + REGISTRATION_ID;

	@Bean
	@Order(1)
	SecurityFilterChain managementEndpoints(HttpSecurity http) throws Exception {
		// Served on the management port only, which is never exposed to the public.
		// Links, health and metrics (the only endpoints exposed), never a sign-in page.
		return http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain api(HttpSecurity http, AidantAuthorizationManager aidants,
			ProblemDetailsSecurityHandler problems, StaffIdentities staff) throws Exception {
		return http.securityMatcher("/api/**")
			.authorizeHttpRequests(requests -> requests.requestMatchers("/api/v1/verification/**")
				.permitAll()
				.requestMatchers("/api/v1/audit/**")
				.access(new RoleAuthorizationManager(staff, Role.AUDITEUR.name()))
				.anyRequest()
				.access(aidants))
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(
					exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Bearer tokens only, no cookies: nothing for a cross-site request to ride
			// on.
			.csrf(csrf -> csrf.disable())
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")))
			.build();
	}

	/**
	 * After the usager's space (order 3, {@code fr.mandat.espaceusager}), whose chain
	 * matches {@code /mon-espace/**} only: everything else is the staff's.
	 */
	@Bean
	@Order(10)
	SecurityFilterChain pages(HttpSecurity http, AidantAuthorizationManager aidants, IdentityProperties identity,
			ClientRegistrationRepository registrations, CurrentStaff currentStaff, SignInJournal signInJournal,
			DeniedAccessJournal deniedAccess, StaffIdentities staff,
			@Value("${mandat.usager-identity.issuer}") String usagerIssuer, SessionProperties sessionProperties,
			Clock clock, Journal journal, TransactionTemplate transactions, StaffDirectory directory,
			FindByIndexNameSessionRepository<? extends Session> sessions, IdentityProviderProbe providers)
			throws Exception {
		// Staff sign in with the staff realm's client only; the usagers' space has its
		// own client and paths.
		ClientRegistrationRepository staffOnly = id -> REGISTRATION_ID.equals(id)
				? registrations.findByRegistrationId(id) : null;
		DefaultOAuth2AuthorizationRequestResolver authorizationRequests = new DefaultOAuth2AuthorizationRequestResolver(
				staffOnly, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		authorizationRequests.setAuthorizationRequestCustomizer(
				OAuth2AuthorizationRequestCustomizers.withPkce().andThen(SecurityConfiguration::stepUpWhenAsked));
		OidcClientInitiatedLogoutSuccessHandler logoutSuccess = new OidcClientInitiatedLogoutSuccessHandler(
				registrations);
		logoutSuccess.setPostLogoutRedirectUri("{baseUrl}/deconnexion");
		// People land on the page they asked for, with a clean address (no "?continue").
		HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
		withoutContinueParameter(requestCache);

		return http
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/dsfr/**", "/css/**", "/js/**", "/favicon.ico", "/deconnexion", "/error",
						"/session-expiree", "/.well-known/jwks.json", "/verifier", "/verifier/**", "/v3/api-docs",
						"/v3/api-docs.yaml", "/v3/api-docs/**")
				.permitAll()
				// The journal's public transparency endpoints (C2SP tlog-tiles): hashes
				// and the witnessed checkpoint, read-only.
				.requestMatchers(HttpMethod.GET, "/journal/checkpoint", "/journal/tile/**")
				.permitAll()
				.requestMatchers("/acces-refuse")
				.authenticated()
				.requestMatchers("/audit", "/audit/**")
				.access(new RoleAuthorizationManager(staff, Role.AUDITEUR.name()))
				.requestMatchers("/admin", "/admin/**")
				.access(new RoleAuthorizationManager(staff, Role.ADMIN.name()))
				.requestMatchers("/structure/**")
				.access(new RoleAuthorizationManager(staff, Role.RESPONSABLE.name()))
				.anyRequest()
				.access(aidants))
			.requestCache(cache -> cache.requestCache(requestCache))
			.oauth2Login(login -> login.loginPage(SIGN_IN_PATH)
				.successHandler(signInJournal.successHandler(requestCache, (request, authentication) -> {
					SessionLifetimeFilter.signedIn(request.getSession(), clock.instant());
					BackChannelLogout.signedIn(request.getSession(), authentication);
				}))
				.failureHandler(signInJournal.failureHandler(SIGN_IN_PATH))
				.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(authorizationRequests)))
			.logout(logout -> logout.addLogoutHandler(signInJournal)
				.logoutSuccessHandler(
						providers.signOutAtProviderIfReachable(REGISTRATION_ID, logoutSuccess, "/deconnexion")))
			// Keycloak tells the application when it ends a person's session.
			.oidcLogout(oidc -> oidc.oidcSessionRegistry(new SessionStoreOidcRegistry())
				.backChannel(backChannel -> backChannel
					.logoutHandler(new BackChannelLogout(sessions, directory, journal, transactions))))
			.addFilterAfter(new SessionLifetimeFilter(sessionProperties, clock, currentStaff, journal, transactions),
					SecurityContextHolderFilter.class)
			.exceptionHandling(exceptions -> exceptions
				.accessDeniedHandler(new AccessDeniedPageHandler(currentStaff, deniedAccess, clock)))
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives(pagePolicy(identity, usagerIssuer)))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
				.permissionsPolicyHeader(permissions -> permissions.policy("camera=(), microphone=(), geolocation=()")))
			.build();
	}

	/**
	 * A sign-in started for a step-up asks the identity provider for the OTP level. The
	 * staff realm keeps that level valid for one authentication only (its level-2 "max
	 * age" is 0), so Keycloak asks for a fresh one-time code, not for the password again;
	 * the application then checks the new ID token's {@code acr} and {@code auth_time}.
	 */
	private static void stepUpWhenAsked(OAuth2AuthorizationRequest.Builder builder) {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& attributes.getRequest().getParameter(StepUp.PARAMETER) != null) {
			builder.additionalParameters(parameters -> parameters.put("acr_values", StepUp.OTP_ACR));
		}
	}

	private static String pagePolicy(IdentityProperties identity, String usagerIssuer) {
		// No inline script or style anywhere; forms may lead to the identity providers
		// (sign-out and the usager's identification redirect there after a POST).
		String formTargets = new java.util.LinkedHashSet<>(
				List.of("'self'", identity.staffIssuerOrigin(), IdentityProperties.origin(usagerIssuer)))
			.stream()
			.collect(java.util.stream.Collectors.joining(" "));
		return String.join("; ", "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
				"font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
				"form-action " + formTargets, "frame-ancestors 'none'");
	}

	/**
	 * No « continue » parameter on the address people land on. Spring takes null for
	 * that; NullAway's standard mode does not read its JSpecify annotation.
	 */
	@SuppressWarnings("NullAway")
	private static void withoutContinueParameter(HttpSessionRequestCache cache) {
		cache.setMatchingRequestParameterName(null);
	}

}
