package fr.mandat.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import fr.mandat.local.LocalInfrastructure;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens for the API from the local-only {@code mandat-cli} client (password and
 * TOTP), kept per account and asked for again shortly before they expire.
 */
public final class ApiTokens {

	private static final Map<DemoAccount, Token> TOKENS = new EnumMap<>(DemoAccount.class);

	/** A token is asked for again this long before it expires (they live 5 minutes). */
	private static final Duration MARGIN = Duration.ofSeconds(60);

	private ApiTokens() {
	}

	/**
	 * A valid access token of the account, the same one while it has more than a minute
	 * to live (the test realm accepts a one-time code twice, so asking again is safe).
	 */
	public static synchronized String of(DemoAccount account) {
		Token token = TOKENS.get(account);
		if (token == null || Instant.now().plus(MARGIN).isAfter(token.expiresAt())) {
			token = request(account);
			TOKENS.put(account, token);
		}
		return token.value();
	}

	private record Token(String value, Instant expiresAt) {
	}

	private static Token request(DemoAccount account) {
		String code = Totp.currentCode(account.totpSecret());
		String form = "grant_type=password&client_id=mandat-cli&client_secret=mandat-cli-local-dev-secret&scope=openid"
				+ "&username=" + encode(account.username()) + "&password=" + encode(DemoAccount.PASSWORD) + "&otp="
				+ code + "&totp=" + code;
		HttpRequest request = HttpRequest
			.newBuilder(URI
				.create(LocalInfrastructure.get().keycloakUrl() + "/realms/mandat/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						"No token for " + account + ": " + response.statusCode() + " " + response.body());
			}
			var body = JsonMapper.builder().build().readTree(response.body());
			return new Token(body.get("access_token").asString(),
					Instant.now().plusSeconds(body.get("expires_in").asLong()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
