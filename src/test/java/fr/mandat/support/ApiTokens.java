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
import tools.jackson.databind.JsonNode;
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

	/**
	 * A new sign-in (password and one-time code) and its access token, whatever is kept:
	 * what a tool does each time a person opens it.
	 */
	public static String signIn(DemoAccount account) {
		return request(account).value();
	}

	private record Token(String value, Instant expiresAt) {
	}

	private static Token request(DemoAccount account) {
		String code = Totp.currentCode(account.totpSecret());
		String form = "grant_type=password&client_id=mandat-cli&client_secret=mandat-cli-local-dev-secret&scope=openid"
				+ "&username=" + encode(account.username()) + "&password=" + encode(DemoAccount.PASSWORD) + "&otp="
				+ code + "&totp=" + code;
		JsonNode body = exchange(form, account);
		return new Token(body.get("access_token").asString(),
				Instant.now().plusSeconds(body.get("expires_in").asLong()));
	}

	/**
	 * An access token of the staff client obtained the way a tool on the aidant's
	 * computer would get one for a sensitive action: authorization code flow in a real
	 * browser, with a fresh one-time code ({@code acr_values=otp}). The code is taken
	 * from the redirect before the application sees it, then exchanged here.
	 */
	public static String withFreshCode(com.microsoft.playwright.Page page, DemoAccount account) {
		return freshAndRefreshed(page, account).get(0);
	}

	/**
	 * Two access tokens from one authentication with a fresh one-time code: the one the
	 * code was exchanged for, and one refreshed from it (same {@code auth_time}, another
	 * {@code jti}).
	 */
	public static java.util.List<String> freshAndRefreshed(com.microsoft.playwright.Page page, DemoAccount account) {
		// A redirect URI of the staff client that the application does not treat as a
		// sign-in: the home page ignores the code, which is read from the request here.
		String redirect = MandatIntegrationTest.BASE_URL + "/";
		String state = java.util.UUID.randomUUID().toString();
		String verifier = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
		String challenge;
		try {
			challenge = java.util.Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(java.security.MessageDigest.getInstance("SHA-256")
					.digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		java.util.concurrent.atomic.AtomicReference<String> code = new java.util.concurrent.atomic.AtomicReference<>();
		java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		page.onRequest(request -> {
			String url = request.url();
			seen.add(url.replaceAll("code=[^&]+", "code=…"));
			if (url.startsWith(redirect + "?") && url.contains("state=" + state) && url.contains("code=")) {
				code.set(java.net.URLDecoder.decode(url.replaceAll(".*[?&]code=([^&]+).*", "$1"),
						StandardCharsets.UTF_8));
			}
		});
		page.navigate(LocalInfrastructure.get().keycloakUrl()
				+ "/realms/mandat/protocol/openid-connect/auth?response_type=code&client_id=mandat-app&scope=openid"
				+ "&acr_values=otp&code_challenge_method=S256&code_challenge=" + challenge + "&state=" + state
				+ "&redirect_uri=" + encode(redirect));
		page.waitForSelector("#username, #password, #otp");
		if (page.locator("#password").count() > 0) {
			if (page.locator("#username").count() > 0 && page.locator("#username").isEditable()) {
				page.fill("#username", account.username());
			}
			page.fill("#password", DemoAccount.PASSWORD);
			page.click("#kc-login");
			page.waitForSelector("#otp");
		}
		page.fill("#otp", Totp.currentCode(account.totpSecret()));
		page.click("#kc-login");
		try {
			page.waitForCondition(() -> code.get() != null);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("No authorization code; the browser went to " + seen, ex);
		}
		String form = "grant_type=authorization_code&client_id=mandat-app&client_secret=mandat-local-dev-secret"
				+ "&redirect_uri=" + encode(redirect) + "&code_verifier=" + verifier + "&code=" + encode(code.get());
		JsonNode tokens = exchange(form, account);
		JsonNode refreshed = exchange(
				"grant_type=refresh_token&client_id=mandat-app&client_secret=mandat-local-dev-secret"
						+ "&refresh_token=" + encode(tokens.get("refresh_token").asString()),
				account);
		return java.util.List.of(tokens.get("access_token").asString(), refreshed.get("access_token").asString());
	}

	private static JsonNode exchange(String form, DemoAccount account) {
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
			return JsonMapper.builder().build().readTree(response.body());
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
