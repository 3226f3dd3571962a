package fr.mandat.usager;

import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Identifies a usager with an OpenID Connect authorization code flow (state, nonce, PKCE)
 * against the usagers' identity provider. It is driven by the mandate flow and never
 * touches the aidant's own sign-in: the caller keeps the {@link Started} request (in the
 * draft) and hands it back with the callback's code.
 */
@Service
public class UsagerIdentification {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final UsagerIdentityProperties properties;

	private final RestClientAuthorizationCodeTokenResponseClient tokens = new RestClientAuthorizationCodeTokenResponseClient();

	private final OidcIdTokenDecoderFactory idTokenDecoders = new OidcIdTokenDecoderFactory();

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(PROBE_TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private volatile @Nullable ClientRegistration registration;

	UsagerIdentification(UsagerIdentityProperties properties) {
		this.properties = properties;
	}

	/**
	 * A new identification request; send the browser to its authorization URI.
	 * @throws IdentificationUnavailableException when the provider does not answer now
	 * (sending the usager there would end on the browser's connection error)
	 */
	public Started start(URI redirectUri) {
		ClientRegistration client;
		try {
			client = registration(redirectUri);
		}
		catch (IllegalArgumentException ex) {
			// Discovery failed: Spring wraps the HTTP failure this way.
			throw new IdentificationUnavailableException(ex);
		}
		if (!answers()) {
			throw new IdentificationUnavailableException(null);
		}
		String state = random();
		String nonce = random();
		String verifier = random();
		URI authorization = UriComponentsBuilder.fromUriString(authorizationUri(client))
			.queryParam("response_type", "code")
			.queryParam("client_id", client.getClientId())
			.queryParam("redirect_uri", redirectUri)
			.queryParam("scope", String.join(" ", client.getScopes()))
			.queryParam("state", state)
			.queryParam("nonce", nonce)
			.queryParam("code_challenge", challenge(verifier))
			.queryParam("code_challenge_method", "S256")
			// The usager always types their own credentials, even if someone else's
			// session were still open in this browser.
			.queryParam("prompt", "login")
			.queryParam("ui_locales", "fr")
			.encode()
			.build()
			.toUri();
		return new Started(authorization, redirectUri.toString(), state, nonce, verifier);
	}

	/**
	 * Exchanges the callback's code and checks the ID token (signature, issuer, audience,
	 * expiry, nonce, acr). The caller has already checked the state.
	 */
	public VerifiedIdentity complete(Started started, String code) {
		ClientRegistration client = registration(URI.create(started.redirectUri()));
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri(authorizationUri(client))
			.clientId(client.getClientId())
			.redirectUri(started.redirectUri())
			.scopes(client.getScopes())
			.state(started.state())
			.attributes(attributes -> attributes.put(PkceParameterNames.CODE_VERIFIER, started.codeVerifier()))
			.build();
		OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(code)
			.redirectUri(started.redirectUri())
			.state(started.state())
			.build();
		OAuth2AccessTokenResponse tokenResponse;
		try {
			tokenResponse = this.tokens.getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(client,
					new OAuth2AuthorizationExchange(request, response)));
		}
		catch (OAuth2AuthorizationException ex) {
			throw new IdentificationException("code-exchange",
					"The identity provider refused the code: " + ex.getError().getErrorCode(), ex);
		}
		Object rawIdToken = tokenResponse.getAdditionalParameters().get(OidcParameterNames.ID_TOKEN);
		if (!(rawIdToken instanceof String idToken)) {
			throw new IdentificationException("no-id-token", "The identity provider sent no ID token");
		}
		Jwt jwt;
		try {
			JwtDecoder decoder = this.idTokenDecoders.createDecoder(client);
			jwt = decoder.decode(idToken);
		}
		catch (JwtException ex) {
			throw new IdentificationException("id-token", "The ID token is not valid", ex);
		}
		if (!MessageDigest.isEqual(started.nonce().getBytes(StandardCharsets.UTF_8),
				Objects.requireNonNullElse(jwt.getClaimAsString("nonce"), "").getBytes(StandardCharsets.UTF_8))) {
			throw new IdentificationException("nonce", "The ID token's nonce does not match the request");
		}
		String acr = jwt.getClaimAsString("acr");
		if (acr == null || !this.properties.acceptedAcr().contains(acr)) {
			throw new IdentificationException("acr", "The identification level is not accepted");
		}
		return identity(jwt, acr, idToken);
	}

	/** Where to send the browser to end the usager's session at the identity provider. */
	public URI logout(String idToken, URI postLogoutRedirectUri, String state) {
		ClientRegistration client = registration(postLogoutRedirectUri);
		Object endSession = client.getProviderDetails().getConfigurationMetadata().get("end_session_endpoint");
		if (!(endSession instanceof String endpoint)) {
			return postLogoutRedirectUri;
		}
		return UriComponentsBuilder.fromUriString(endpoint)
			.queryParam("id_token_hint", idToken)
			.queryParam("post_logout_redirect_uri", postLogoutRedirectUri)
			.queryParam("state", state)
			.encode()
			.build()
			.toUri();
	}

	/**
	 * The identity in a verified ID token's claims (package-private for the fuzz target).
	 */
	static VerifiedIdentity identity(Jwt jwt, String acr, String idToken) {
		String givenName = jwt.getClaimAsString("given_name");
		String familyName = jwt.getClaimAsString("family_name");
		String birthdate = jwt.getClaimAsString("birthdate");
		if (givenName == null || familyName == null || birthdate == null || jwt.getSubject() == null) {
			throw new IdentificationException("claims", "The identity lacks names or a birth date");
		}
		LocalDate born;
		try {
			born = LocalDate.parse(birthdate);
		}
		catch (DateTimeParseException ex) {
			throw new IdentificationException("claims", "The birth date is malformed", ex);
		}
		return new VerifiedIdentity(String.valueOf(jwt.getIssuer()), jwt.getSubject(), givenName, familyName, born,
				blankToNull(jwt.getClaimAsString("birthplace")), blankToNull(jwt.getClaimAsString("birthcountry")),
				blankToNull(jwt.getClaimAsString("gender")), blankToNull(jwt.getClaimAsString("email")), acr, idToken);
	}

	/** Whether the provider gives its discovery document now (two seconds at most). */
	private boolean answers() {
		try {
			HttpResponse<Void> response = this.http
				.send(HttpRequest.newBuilder(URI.create(this.properties.issuer() + "/.well-known/openid-configuration"))
					.timeout(PROBE_TIMEOUT)
					.GET()
					.build(), HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (java.io.IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/** The provider's registration for this redirect URI; discovery happens once. */
	private ClientRegistration registration(URI redirectUri) {
		ClientRegistration discovered = this.registration;
		if (discovered == null) {
			// On first use rather than at start-up, so the application starts even while
			// the identity provider is down.
			discovered = ClientRegistrations.fromIssuerLocation(this.properties.issuer())
				.registrationId("usagers")
				.clientId(this.properties.clientId())
				.clientSecret(this.properties.clientSecret())
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri(redirectUri.toString())
				.scope("openid", "profile", "email")
				.build();
			this.registration = discovered;
		}
		return redirectUri.toString().equals(discovered.getRedirectUri()) ? discovered
				: ClientRegistration.withClientRegistration(discovered).redirectUri(redirectUri.toString()).build();
	}

	private static String authorizationUri(ClientRegistration client) {
		String uri = client.getProviderDetails().getAuthorizationUri();
		if (uri == null) {
			throw new IllegalStateException("The usagers' provider announces no authorization endpoint");
		}
		return uri;
	}

	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An identification under way, kept by the caller until the callback.
	 */
	public record Started(URI authorizationUri, String redirectUri, String state, String nonce,
			String codeVerifier) implements Serializable {

		/** Whether the callback's state is this request's, compared in constant time. */
		public boolean matches(@Nullable String callbackState) {
			return callbackState != null && MessageDigest.isEqual(this.state.getBytes(StandardCharsets.UTF_8),
					callbackState.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String toString() {
			return "Started[redirectUri=" + this.redirectUri + "]";
		}

	}

}
