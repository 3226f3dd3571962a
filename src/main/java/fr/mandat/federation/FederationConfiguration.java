package fr.mandat.federation;

import java.time.Clock;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import fr.mandat.demarche.DelegationTokens;
import fr.mandat.journal.Journal;
import fr.mandat.mandate.MandateAuthority;
import fr.mandat.mandate.MandateSummaries;
import fr.mandat.signing.ServiceSignatures;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.HabilitatedAidants;
import fr.mandat.structure.StaffDirectory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mandat's OpenID provider (Spring Authorization Server) on its own filter chain, placed
 * before the staff pages' chain and matching the server's endpoints only: discovery,
 * JWKS, PAR, authorization, token, introspection, revocation, userinfo (ADR 0110). The
 * aidant signs in through the staff pages' usual sign-in and comes back; the usager is
 * chosen on {@link PartnerSignInController#CHOICE_PATH}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FederationProperties.class)
class FederationConfiguration {

	/** The staff pages' sign-in (web/config/SecurityConfiguration). */
	private static final String STAFF_SIGN_IN = "/oauth2/authorization/mandat";

	@Bean
	PartnerSites partnerSites(FederationProperties properties) {
		return new PartnerSites(properties);
	}

	@Bean
	PartnerSignIns partnerSignIns(MandateSummaries summaries, MandateAuthority authority,
			DelegationTokens delegationTokens, StaffDirectory directory, Journal journal, JdbcClient jdbc,
			TransactionTemplate transactions, Clock clock, PartnerStatuses statuses) {
		return new PartnerSignIns(summaries, authority, delegationTokens, directory, journal, jdbc, transactions, clock,
				statuses);
	}

	@Bean
	DelegationExchanges delegationExchanges(HabilitatedAidants aidants, MandateAuthority authority,
			DelegationTokens delegationTokens, Journal journal, JdbcClient jdbc, TransactionTemplate transactions) {
		return new DelegationExchanges(aidants, authority, delegationTokens, journal, jdbc, transactions);
	}

	@Bean
	@Order(4)
	SecurityFilterChain partnerSignInServer(HttpSecurity http, FederationProperties properties, PartnerSites sites,
			PartnerSignIns signIns, CurrentStaff currentStaff, JdbcOperations jdbc, ServiceSignatures signatures,
			DelegationExchanges exchanges, PartnerStatuses statuses, PartnerClientAuthentication.Assertions assertions)
			throws Exception {
		RegisteredClientRepository clients = sites.registeredClients().isEmpty() ? new NoClients()
				: new InMemoryRegisteredClientRepository(sites.registeredClients());
		OAuth2AuthorizationService authorizations = new Authorizations(jdbc, clients);
		IdTokenClaims idTokens = new IdTokenClaims(sites, signIns, new ServiceKeyJwtEncoder(signatures),
				properties.idTokenTtl());
		// Token exchange (RFC 8693, ADR 0113) issues delegation tokens; the code exchange
		// opaque access tokens.
		OAuth2TokenGenerator<?> tokens = new DelegatingOAuth2TokenGenerator(idTokens,
				new DelegationTokenExchange(sites, exchanges), new OAuth2AccessTokenGenerator());
		ClientAssertionKeys assertionKeys = new ClientAssertionKeys(sites);
		AidantChoice choice = new AidantChoice(sites, signIns, currentStaff, statuses);
		AuthorizationRequestChecks requestChecks = new AuthorizationRequestChecks(sites, statuses);
		// The same saved request as the staff pages' sign-in, which brings the aidant
		// back.
		HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
		withoutContinueParameter(requestCache);

		OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
		http.securityMatcher(server.getEndpointsMatcher())
			.with(server, as -> as.registeredClientRepository(clients)
				.authorizationService(authorizations)
				.authorizationConsentService(new NoRememberedConsent())
				.authorizationServerSettings(AuthorizationServerSettings.builder().issuer(properties.issuer()).build())
				.tokenGenerator(tokens)
				.pushedAuthorizationRequestEndpoint(
						par -> par.authenticationProviders(providers -> providers.forEach(provider -> {
							if (provider instanceof OAuth2PushedAuthorizationRequestAuthenticationProvider pushed) {
								pushed.setAuthenticationValidator(requestChecks);
							}
						})))
				.tokenIntrospectionEndpoint(introspection -> introspection
					.authenticationProviders(providers -> providers.replaceAll(provider -> provider.supports(
							org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken.class)
									? new LiveIntrospection(provider, authorizations, sites, signIns) : provider)))
				.clientAuthentication(authentication -> authentication
					.authenticationProviders(providers -> providers.replaceAll(provider -> {
						if (provider instanceof JwtClientAssertionAuthenticationProvider keys) {
							keys.setJwtDecoderFactory(assertionKeys);
							return new PartnerClientAuthentication(keys, statuses, assertions);
						}
						return provider;
					})))
				.authorizationEndpoint(endpoint -> endpoint.consentPage(PartnerSignInController.CHOICE_PATH)
					.authenticationProviders(providers -> providers.forEach(provider -> {
						if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consent) {
							consent.setAuthorizationConsentCustomizer(choice);
						}
						// The server asks for no consent for « openid » alone; the aidant
						// must still choose the usager, every time.
						if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
							request.setAuthorizationConsentRequired(context -> true);
							request.setAuthenticationValidator(requestChecks);
						}
					}))
					.errorResponseHandler(AidantChoice.errors()))
				.oidc(oidc -> oidc
					.userInfoEndpoint(userInfo -> userInfo.userInfoMapper(new LiveUserInfo(sites, signIns)))
					.providerConfigurationEndpoint(configuration -> configuration
						.providerConfigurationCustomizer(metadata -> metadata.idTokenSigningAlgorithms(algorithms -> {
							algorithms.clear();
							algorithms.add(SignatureAlgorithm.ES256.getName());
						}).tokenEndpointAuthenticationMethods(methods -> {
							methods.clear();
							methods.add("private_key_jwt");
						}).codeChallengeMethods(methods -> {
							methods.clear();
							methods.add("S256");
						})
							.claim("authorization_details_types_supported", List.of("mandat"))
							.claim("require_pushed_authorization_requests", false)))));
		return http.addFilterBefore(new ClientIdFromAssertion(), SecurityContextHolderFilter.class)
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.oauth2ResourceServer(
					resourceServer -> resourceServer.jwt(jwt -> jwt.decoder(LiveUserInfo.accessTokens(authorizations))))
			.requestCache(cache -> cache.requestCache(requestCache))
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(STAFF_SIGN_IN)))
			.build();
	}

	/** The public keys partners check ID tokens with: the service's, as published. */
	@Bean
	JWKSource<SecurityContext> federationKeys(ServiceSignatures signatures) throws java.text.ParseException {
		return new ImmutableJWKSet<>(JWKSet.parse(signatures.publicJwks()));
	}

	@SuppressWarnings("NullAway")
	private static void withoutContinueParameter(HttpSessionRequestCache cache) {
		cache.setMatchingRequestParameterName(null);
	}

	/** No partner site configured: every client is unknown. */
	private static final class NoClients implements RegisteredClientRepository {

		@Override
		public void save(RegisteredClient client) {
			throw new UnsupportedOperationException("Partner sites come from the configuration");
		}

		@Override
		public @org.jspecify.annotations.Nullable RegisteredClient findById(String id) {
			return null;
		}

		@Override
		public @org.jspecify.annotations.Nullable RegisteredClient findByClientId(String clientId) {
			return null;
		}

	}

	/**
	 * Consents are never remembered: the aidant chooses the usager at every sign-in, so
	 * the choice page is shown every time.
	 */
	private static final class NoRememberedConsent implements OAuth2AuthorizationConsentService {

		@Override
		public void save(OAuth2AuthorizationConsent consent) {
		}

		@Override
		public void remove(OAuth2AuthorizationConsent consent) {
		}

		@Override
		public @org.jspecify.annotations.Nullable OAuth2AuthorizationConsent findById(String registeredClientId,
				String principalName) {
			return null;
		}

	}

}
