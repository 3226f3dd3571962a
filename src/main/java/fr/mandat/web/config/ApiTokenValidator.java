package fr.mandat.web.config;

import java.util.Set;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Only access tokens issued to the application's own client are accepted on the API.
 * Keycloak marks an access token with the claim {@code typ = Bearer} (or, under RFC 9068,
 * the header {@code typ = at+jwt}); an ID token says {@code ID}, a refresh token
 * {@code Refresh}. The authorised party ({@code azp}) must be one of the allowed clients:
 * {@code mandat-app}, plus the password-grant {@code mandat-cli} under the local profile
 * only. The audience, signature, issuer and expiry are checked by the decoder.
 */
final class ApiTokenValidator implements OAuth2TokenValidator<Jwt> {

	static final String ACCESS_TOKEN_TYPE = "Bearer";

	static final String RFC_9068_HEADER_TYPE = "at+jwt";

	private static final OAuth2Error NOT_AN_ACCESS_TOKEN = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"Not an access token", null);

	private static final OAuth2Error OTHER_CLIENT = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"Issued to another client", null);

	private final Set<String> allowedClients;

	ApiTokenValidator(Set<String> allowedClients) {
		this.allowedClients = Set.copyOf(allowedClients);
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		Object headerType = token.getHeaders().get("typ");
		String claimType = token.getClaimAsString("typ");
		boolean accessToken = RFC_9068_HEADER_TYPE.equalsIgnoreCase(String.valueOf(headerType))
				? (claimType == null || ACCESS_TOKEN_TYPE.equals(claimType)) : ACCESS_TOKEN_TYPE.equals(claimType);
		if (!accessToken) {
			return OAuth2TokenValidatorResult.failure(NOT_AN_ACCESS_TOKEN);
		}
		String client = token.getClaimAsString("azp");
		if (client == null || !this.allowedClients.contains(client)) {
			return OAuth2TokenValidatorResult.failure(OTHER_CLIENT);
		}
		return OAuth2TokenValidatorResult.success();
	}

}
