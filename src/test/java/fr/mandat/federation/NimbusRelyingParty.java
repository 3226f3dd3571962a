package fr.mandat.federation;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import fr.mandat.local.LocalPartnerSites;
import fr.mandat.support.MandatIntegrationTest;

/**
 * A partner site's back end written with the Nimbus OAuth 2.0 SDK only (no Spring):
 * discovery, a pushed authorization request with PKCE (S256) and a nonce,
 * {@code private_key_jwt} at every endpoint, and the ID token checked against the
 * published keys.
 */
final class NimbusRelyingParty {

	private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

	private final ClientID clientId;

	private final ECKey key;

	private final URI redirectUri;

	private final OIDCProviderMetadata provider;

	private final CodeVerifier verifier = new CodeVerifier();

	private final Nonce nonce = new Nonce();

	private final State state = new State();

	private com.nimbusds.oauth2.sdk.token.@org.jspecify.annotations.Nullable AccessToken accessToken;

	NimbusRelyingParty(String clientId) {
		this.clientId = new ClientID(clientId);
		this.key = LocalPartnerSites.key(clientId);
		this.redirectUri = URI.create(LocalPartnerSites.redirectUri(clientId, LocalPartnerSites.testPort(clientId)));
		try {
			this.provider = OIDCProviderMetadata.resolve(new Issuer(MandatIntegrationTest.BASE_URL));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	OIDCProviderMetadata provider() {
		return this.provider;
	}

	URI redirectUri() {
		return this.redirectUri;
	}

	Nonce nonce() {
		return this.nonce;
	}

	/** Pushes the authorization request; returns the address the browser is sent to. */
	String push() throws IOException, ParseException, JOSEException {
		return push(this.redirectUri);
	}

	/** Pushes with the given redirect address; returns the server's raw answer. */
	HTTPResponse pushRaw(URI redirect) throws IOException, JOSEException {
		AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"),
				this.clientId, redirect)
			.state(this.state)
			.nonce(this.nonce)
			.codeChallenge(this.verifier, CodeChallengeMethod.S256)
			.build();
		return new PushedAuthorizationRequest(this.provider.getPushedAuthorizationRequestEndpointURI(),
				assertion(this.provider.getPushedAuthorizationRequestEndpointURI()), request)
			.toHTTPRequest()
			.send();
	}

	private String push(URI redirect) throws IOException, ParseException, JOSEException {
		PushedAuthorizationResponse response = PushedAuthorizationResponse.parse(pushRaw(redirect));
		if (!response.indicatesSuccess()) {
			throw new IllegalStateException("PAR refused: " + response.toErrorResponse().getErrorObject());
		}
		PushedAuthorizationSuccessResponse pushed = response.toSuccessResponse();
		return new AuthenticationRequest.Builder(pushed.getRequestURI(), this.clientId)
			.endpointURI(this.provider.getAuthorizationEndpointURI())
			.build()
			.toURI()
			.toString();
	}

	/** The code in the redirect to this site, checking the state it carries. */
	AuthorizationCode code(String redirect) {
		if (!redirect.startsWith(this.redirectUri.toString()) || !redirect.contains("state=" + this.state.getValue())) {
			throw new IllegalStateException("Not a redirect to this site with its state: " + redirect);
		}
		Matcher code = CODE.matcher(redirect);
		if (!code.find()) {
			throw new IllegalStateException("No code in " + redirect);
		}
		return new AuthorizationCode(code.group(1));
	}

	/** Exchanges the code; the server's raw answer. */
	HTTPResponse exchangeRaw(AuthorizationCode code) throws IOException, JOSEException {
		return exchangeRaw(code, assertion(this.provider.getTokenEndpointURI()));
	}

	/**
	 * The code exchange's request, built (client assertion signed) but not sent: what a
	 * benchmark sends later.
	 */
	com.nimbusds.oauth2.sdk.http.HTTPRequest exchangeRequest(AuthorizationCode code) throws JOSEException {
		return new TokenRequest(this.provider.getTokenEndpointURI(), assertion(this.provider.getTokenEndpointURI()),
				new AuthorizationCodeGrant(code, this.redirectUri, this.verifier))
			.toHTTPRequest();
	}

	HTTPResponse exchangeRaw(AuthorizationCode code, ClientAuthentication authentication) throws IOException {
		return new TokenRequest(this.provider.getTokenEndpointURI(), authentication,
				new AuthorizationCodeGrant(code, this.redirectUri, this.verifier))
			.toHTTPRequest()
			.send();
	}

	/** The error code of a refused exchange, or null when it succeeded. */
	static String error(HTTPResponse response) throws ParseException {
		TokenResponse parsed = OIDCTokenResponseParser.parse(response);
		return parsed.indicatesSuccess() ? null : ((TokenErrorResponse) parsed).getErrorObject().getCode();
	}

	/**
	 * Exchanges the code and checks the ID token as a partner must: signature against the
	 * JWKS, issuer, audience, expiry, nonce.
	 */
	JWTClaimsSet signIn(AuthorizationCode code) throws Exception {
		TokenResponse response = OIDCTokenResponseParser.parse(exchangeRaw(code));
		if (!response.indicatesSuccess()) {
			throw new IllegalStateException("Token refused: " + ((TokenErrorResponse) response).getErrorObject());
		}
		OIDCTokenResponse tokens = (OIDCTokenResponse) response.toSuccessResponse();
		if (tokens.getTokens().getRefreshToken() != null) {
			throw new IllegalStateException("A refresh token was issued");
		}
		this.accessToken = tokens.getTokens().getAccessToken();
		JWT idToken = tokens.getOIDCTokens().getIDToken();
		URL jwks = this.provider.getJWKSetURI().toURL();
		IDTokenValidator validator = new IDTokenValidator(this.provider.getIssuer(), this.clientId, JWSAlgorithm.ES256,
				jwks);
		validator.validate(idToken, this.nonce);
		return idToken.getJWTClaimsSet();
	}

	/**
	 * Asks the introspection endpoint about the access token of the last sign-in; the
	 * answer's claims, {@code active} among them.
	 */
	com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse introspect() throws Exception {
		return introspectAs(this);
	}

	/** The same question, asked by another site about this site's token. */
	com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse introspectAs(NimbusRelyingParty asker) throws Exception {
		var response = com.nimbusds.oauth2.sdk.TokenIntrospectionResponse
			.parse(new com.nimbusds.oauth2.sdk.TokenIntrospectionRequest(this.provider.getIntrospectionEndpointURI(),
					asker.assertion(this.provider.getIntrospectionEndpointURI()),
					java.util.Objects.requireNonNull(this.accessToken))
				.toHTTPRequest()
				.send());
		if (!response.indicatesSuccess()) {
			throw new IllegalStateException("Introspection refused: " + response.toErrorResponse().getErrorObject());
		}
		return response.toSuccessResponse();
	}

	/** The userinfo endpoint's raw answer to the access token of the last sign-in. */
	HTTPResponse userInfo() throws IOException {
		return new com.nimbusds.openid.connect.sdk.UserInfoRequest(this.provider.getUserInfoEndpointURI(),
				(com.nimbusds.oauth2.sdk.token.BearerAccessToken) java.util.Objects.requireNonNull(this.accessToken))
			.toHTTPRequest()
			.send();
	}

	/**
	 * Token exchange (RFC 8693), authenticated as this site: the access token of the last
	 * sign-in of {@code holder} (this site or another) for a token for {@code audience};
	 * the server's raw answer.
	 */
	HTTPResponse exchangeToken(NimbusRelyingParty holder,
			java.util.@org.jspecify.annotations.Nullable List<String> audiences) throws IOException, JOSEException {
		var grant = new com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant(
				java.util.Objects.requireNonNull(holder.accessToken),
				com.nimbusds.oauth2.sdk.token.TokenTypeURI.ACCESS_TOKEN, null, null, null,
				(audiences == null) ? null : audiences.stream().map(com.nimbusds.oauth2.sdk.id.Audience::new).toList());
		return new TokenRequest(this.provider.getTokenEndpointURI(), assertion(this.provider.getTokenEndpointURI()),
				grant)
			.toHTTPRequest()
			.send();
	}

	/** The same, naming the API with {@code resource} instead of {@code audience}. */
	HTTPResponse exchangeTokenForResource(NimbusRelyingParty holder, URI resource) throws IOException, JOSEException {
		var grant = new com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant(
				java.util.Objects.requireNonNull(holder.accessToken),
				com.nimbusds.oauth2.sdk.token.TokenTypeURI.ACCESS_TOKEN);
		return new TokenRequest(this.provider.getTokenEndpointURI(), assertion(this.provider.getTokenEndpointURI()),
				grant, null, java.util.List.of(resource), null)
			.toHTTPRequest()
			.send();
	}

	ClientAuthentication assertion(URI audience) throws JOSEException {
		return assertion(audience, this.key);
	}

	/** An assertion naming this site, signed with the given key. */
	ClientAuthentication assertion(URI audience, ECKey signer) throws JOSEException {
		return new PrivateKeyJWT(this.clientId, audience, JWSAlgorithm.ES256, signer.toECPrivateKey(),
				signer.getKeyID(), null);
	}

}
