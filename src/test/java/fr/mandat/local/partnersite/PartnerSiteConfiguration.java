package fr.mandat.local.partnersite;

import fr.mandat.local.LocalPartnerSites;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.client.endpoint.NimbusJwtClientAuthenticationParametersConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The demo partner site as a partner would write it with Spring Boot and Spring
 * Security's OAuth2 client: one registration for Mandat found by discovery, the
 * authorization code with PKCE (S256) and a nonce, {@code private_key_jwt} at the token
 * endpoint, the ID token checked against Mandat's keys (ES256). Spring Security's client
 * does not send pushed authorization requests (PAR): the site sends the authorization
 * request in the browser's redirect, which Mandat accepts (PAR is not required).
 * <p>
 * No stereotype annotation here nor on the pages ({@code @Configuration},
 * {@code @Controller}): Mandat's component scan covers {@code fr.mandat}, test classes
 * included, and must not pick the site up. This class is the site's primary source; its
 * pages are functional routes.
 */
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
		DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
		HttpMessageConvertersAutoConfiguration.class, HttpEncodingAutoConfiguration.class,
		ErrorMvcAutoConfiguration.class, SecurityFilterAutoConfiguration.class })
@EnableWebSecurity
class PartnerSiteConfiguration {

	static final String ISSUER = "portail.mandat-issuer";

	static final String CLIENT_ID = "portail.client-id";

	static final String REDIRECT_URI = "portail.redirect-uri";

	/** Spring Security's login address for this registration. */
	static final String SIGN_IN = "/oauth2/authorization/mandat";

	@Bean
	ClientRegistrationRepository clientRegistrations(@Value("${" + ISSUER + "}") String issuer,
			@Value("${" + CLIENT_ID + "}") String clientId, @Value("${" + REDIRECT_URI + "}") String redirectUri) {
		ClientRegistration mandat = ClientRegistrations.fromIssuerLocation(issuer)
			.registrationId("mandat")
			.clientName("Mandat")
			.clientId(clientId)
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(redirectUri)
			.scope("openid")
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.build();
		return new InMemoryClientRegistrationRepository(mandat);
	}

	/** Mandat signs ID tokens with ES256 (Spring's default expectation is RS256). */
	@Bean
	JwtDecoderFactory<ClientRegistration> idTokenDecoders() {
		OidcIdTokenDecoderFactory decoders = new OidcIdTokenDecoderFactory();
		decoders.setJwsAlgorithmResolver(registration -> SignatureAlgorithm.ES256);
		return decoders;
	}

	@Bean
	RouterFunction<ServerResponse> pages() {
		PartnerSiteController pages = new PartnerSiteController();
		return RouterFunctions.route().GET("/", pages::home).GET(PartnerSiteController.ACCOUNT, pages::account).build();
	}

	@Bean
	SecurityFilterChain partnerSite(HttpSecurity http, @Value("${" + REDIRECT_URI + "}") String redirectUri,
			ClientRegistrationRepository registrations) throws Exception {
		ClientRegistration mandat = registrations.findByRegistrationId("mandat");
		MandatLogouts logouts = new MandatLogouts(mandat.getProviderDetails().getIssuerUri(),
				mandat.getProviderDetails().getJwkSetUri(), mandat.getClientId());
		RestClientAuthorizationCodeTokenResponseClient tokens = new RestClientAuthorizationCodeTokenResponseClient();
		// private_key_jwt: a client assertion signed with the site's own key, whose
		// public half Mandat has (mandat.federation.clients[].jwk).
		tokens.addParametersConverter(
				new NimbusJwtClientAuthenticationParametersConverter<OAuth2AuthorizationCodeGrantRequest>(
						registration -> LocalPartnerSites.key(registration.getClientId())));
		String returnPath = java.net.URI.create(redirectUri).getPath();
		return http
			.authorizeHttpRequests(
					requests -> requests.requestMatchers("/", "/error", "/favicon.ico", MandatLogouts.PATH)
						.permitAll()
						.anyRequest()
						.authenticated())
			.oauth2Login(login -> login.loginPage("/")
				.redirectionEndpoint(endpoint -> endpoint.baseUri(returnPath))
				.tokenEndpoint(endpoint -> endpoint.accessTokenResponseClient(tokens))
				.defaultSuccessUrl(PartnerSiteController.ACCOUNT, true)
				.failureUrl("/?erreur"))
			// Mandat's back-channel logouts (OpenID Connect Back-Channel Logout 1.0): a
			// server-to-server POST without the site's CSRF token.
			.csrf(csrf -> csrf.ignoringRequestMatchers(MandatLogouts.PATH))
			.addFilterBefore(logouts, AuthorizationFilter.class)
			.logout(logout -> logout.logoutUrl("/deconnexion").logoutSuccessUrl("/?deconnecte"))
			.build();
	}

}
