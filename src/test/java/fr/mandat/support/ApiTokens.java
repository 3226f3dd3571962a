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
 * TOTP), kept while they are valid: the realm's tokens live five minutes, and a whole run
 * lasts much longer (the test realm accepts a one-time code twice, so asking again is
 * fine).
 */
public final class ApiTokens {

	/** Asked again after this long, well within the realm's five-minute lifespan. */
	private static final Duration KEEP = Duration.ofMinutes(3);

	private static final Map<DemoAccount, Token> TOKENS = new EnumMap<>(DemoAccount.class);

	private ApiTokens() {
	}

	public static synchronized String of(DemoAccount account) {
		Token token = TOKENS.get(account);
		if (token == null || token.obtained().plus(KEEP).isBefore(Instant.now())) {
			token = new Token(request(account), Instant.now());
			TOKENS.put(account, token);
		}
		return token.value();
	}

	private record Token(String value, Instant obtained) {
	}

	private static String request(DemoAccount account) {
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
			return JsonMapper.builder().build().readTree(response.body()).get("access_token").asString();
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
