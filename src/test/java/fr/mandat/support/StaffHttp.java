package fr.mandat.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import fr.mandat.local.LocalInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A staff member's real session over plain HTTP, without a browser: the sign-in goes
 * through the real Keycloak login forms (password, then the TOTP code) and the
 * application's authorization-code callback, with a cookie jar of its own (Keycloak marks
 * its cookies {@code Secure} even over http, which {@code java.net.CookieManager} would
 * withhold). Cheap enough to give every persona of a test its own session.
 */
public final class StaffHttp {

	private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\saction=\"([^\"]+)\"",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern STRUCTURE = Pattern.compile("name=\"_structure\"\\s+value=\"([^\"]+)\"");

	/**
	 * The structure the pages of this session were last shown for (the hidden field every
	 * form carries, web/config/StructureBoundForms), read with the CSRF token.
	 */
	private volatile @org.jspecify.annotations.Nullable String structure;

	private static final Pattern SET_COOKIE = Pattern.compile("^\\s*([^=;\\s]+)=([^;]*)");

	private final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/** Cookies by origin (scheme, host, port) and name; paths are ignored. */
	private final Map<String, Map<String, String>> cookies = new ConcurrentHashMap<>();

	private StaffHttp() {
	}

	/** No session at all: an anonymous visitor. */
	public static StaffHttp anonymous() {
		return new StaffHttp();
	}

	/** Signs the account in to the application; the session is then this object's. */
	public static StaffHttp signIn(DemoAccount account) {
		return signIn(account.username(), DemoAccount.PASSWORD, account.totpSecret());
	}

	/** Signs in an account a test created in realm {@code mandat}. */
	public static StaffHttp signIn(String username, String password, String totpSecret) {
		StaffHttp session = new StaffHttp();
		HttpResponse<String> start = session.get("/oauth2/authorization/mandat");
		String callback = session.keycloakLogin(location(start), username, password, totpSecret);
		HttpResponse<String> signedIn = session.send(HttpRequest.newBuilder(URI.create(callback)).GET());
		if (signedIn.statusCode() != 302) {
			throw new IllegalStateException("Sign-in of " + username + " ended with " + signedIn.statusCode());
		}
		return session;
	}

	/** Password of the usagers realm's demo accounts and of those tests create there. */
	public static final String USAGER_PASSWORD = "Usager-demo-2026!";

	/** Signs a usager of realm {@code usagers} in to their space (/mon-espace). */
	public static StaffHttp signInUsager(String username) {
		StaffHttp session = new StaffHttp();
		session.signInToSpace(username);
		return session;
	}

	/**
	 * Signs a usager in to their space in this session (which may hold a staff sign-in
	 * too).
	 */
	public void signInToSpace(String username) {
		HttpResponse<String> start = get("/mon-espace/connexion/mandat-espace");
		String callback = keycloakLogin(location(start), username, USAGER_PASSWORD, "");
		HttpResponse<String> signedIn = send(HttpRequest.newBuilder(URI.create(callback)).GET());
		if (signedIn.statusCode() != 302 || location(signedIn).contains("connexion-refusee")) {
			throw new IllegalStateException("Sign-in of usager " + username + " ended with " + signedIn.statusCode());
		}
	}

	/**
	 * Follows the browser's way from an address of the application through the identity
	 * provider (whose session is still open: no form) back to the application, and
	 * returns the application's last answer.
	 */
	public HttpResponse<String> followThroughIdentityProvider(String path) {
		HttpResponse<String> response = get(path);
		for (int hops = 0; hops < 10 && response.statusCode() == 302; hops++) {
			String next = location(response);
			if (!next.startsWith(MandatIntegrationTest.BASE_URL) && !next.contains("/realms/")) {
				break;
			}
			response = send(HttpRequest.newBuilder(URI.create(next)).GET());
		}
		return response;
	}

	/** A CSRF token of this session's usager space, read from its page. */
	public String spaceCsrfToken() {
		Matcher token = CSRF.matcher(get("/mon-espace").body());
		if (!token.find()) {
			throw new IllegalStateException("No CSRF token on the usager's space");
		}
		return token.group(1);
	}

	/**
	 * Tokens of an authorization-code flow (with PKCE) for a client of realm
	 * {@code mandat}, the code taken from the redirect without calling the client: what a
	 * web application receives for a signed-in person.
	 */
	public static JsonNode authorizationCodeTokens(DemoAccount account, String clientId, String clientSecret,
			String redirectUri) {
		StaffHttp browser = new StaffHttp();
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		String challenge;
		try {
			challenge = Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(
						MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		String realm = LocalInfrastructure.get().keycloakUrl() + "/realms/mandat/protocol/openid-connect";
		String authorize = realm + "/auth?response_type=code&scope=openid&client_id=" + encode(clientId)
				+ "&redirect_uri=" + encode(redirectUri) + "&state=essai&nonce=essai&code_challenge=" + challenge
				+ "&code_challenge_method=S256";
		String redirect = browser.keycloakLogin(authorize, account.username(), DemoAccount.PASSWORD,
				account.totpSecret());
		Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(redirect);
		if (!code.find()) {
			throw new IllegalStateException("No code in " + redirect);
		}
		HttpResponse<String> tokens = browser.send(
				HttpRequest.newBuilder(URI.create(realm + "/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code",
							code.group(1), "redirect_uri", redirectUri, "client_id", clientId, "client_secret",
							clientSecret, "code_verifier", verifier)))));
		if (tokens.statusCode() != 200) {
			throw new IllegalStateException("Token endpoint answered " + tokens.statusCode() + ": " + tokens.body());
		}
		return JsonMapper.builder().build().readTree(tokens.body());
	}

	/** GET on the application, without following redirects. */
	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(app(path)).GET());
	}

	/** Any method on the application with a form body (callers add {@code _csrf}). */
	public HttpResponse<String> form(String method, String path, Map<String, String> fields) {
		String shownFor = this.structure;
		if (fields.containsKey("_csrf") && !fields.containsKey("_structure") && shownFor != null) {
			// As a browser sends a form of the page: with both hidden fields.
			Map<String, String> withStructure = new java.util.LinkedHashMap<>(fields);
			withStructure.put("_structure", shownFor);
			fields = withStructure;
		}
		return send(HttpRequest.newBuilder(app(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.method(method, HttpRequest.BodyPublishers.ofString(form(fields))));
	}

	/** A request on the application, built by the caller; cookies are added. */
	public HttpResponse<String> send(HttpRequest.Builder request) {
		HttpRequest built = request.build();
		String origin = origin(built.uri());
		Map<String, String> jar = this.cookies.computeIfAbsent(origin, o -> new ConcurrentHashMap<>());
		HttpRequest.Builder withCookies = HttpRequest.newBuilder(built, (name, value) -> true);
		if (!jar.isEmpty()) {
			withCookies.setHeader("Cookie",
					jar.entrySet()
						.stream()
						.map(e -> e.getKey() + "=" + e.getValue())
						.collect(Collectors.joining("; ")));
		}
		try {
			HttpResponse<String> response = this.http.send(withCookies.build(), HttpResponse.BodyHandlers.ofString());
			remember(jar, response.headers());
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A CSRF token of this session, read from a page's form. */
	public String csrfToken() {
		for (String page : List.of("/", "/acces-refuse", "/deconnexion")) {
			HttpResponse<String> response = get(page);
			Matcher token = CSRF.matcher(response.body());
			if (token.find()) {
				Matcher structure = STRUCTURE.matcher(response.body());
				this.structure = structure.find() ? structure.group(1) : null;
				return token.group(1);
			}
		}
		throw new IllegalStateException("No CSRF token found in this session's pages");
	}

	/**
	 * The structure the pages last read by {@link #csrfToken()} were shown for (the
	 * hidden field {@code _structure} of their forms), if any.
	 */
	public @org.jspecify.annotations.Nullable String structureField() {
		return this.structure;
	}

	/** The value of the application's session cookie, if any. */
	public String sessionCookie() {
		return this.cookies.getOrDefault(origin(app("/")), Map.of()).getOrDefault("MANDAT_SESSION", "");
	}

	/**
	 * Drives Keycloak's login forms from an authorization URL to the client's redirect.
	 */
	private String keycloakLogin(String authorizeUrl, String username, String password, String totpSecret) {
		HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(authorizeUrl)).GET());
		Map<String, String> credentials = new LinkedHashMap<>();
		credentials.put("username", username);
		credentials.put("password", password);
		credentials.put("credentialId", "");
		for (int step = 0; step < 3 && page.statusCode() == 200; step++) {
			String action = formAction(page.body());
			Map<String, String> fields = page.body().contains("name=\"otp\"")
					? Map.of("otp", Totp.currentCode(totpSecret), "login", "Se connecter") : credentials;
			page = send(HttpRequest.newBuilder(URI.create(action))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(fields))));
		}
		if (page.statusCode() != 302) {
			throw new IllegalStateException("Keycloak did not sign " + username + " in: " + page.statusCode());
		}
		return location(page);
	}

	private static String formAction(String html) {
		Matcher action = FORM_ACTION.matcher(html);
		if (!action.find()) {
			throw new IllegalStateException("No form on Keycloak's page");
		}
		return action.group(1).replace("&amp;", "&");
	}

	private static void remember(Map<String, String> jar, HttpHeaders headers) {
		for (String cookie : headers.allValues("Set-Cookie")) {
			Matcher pair = SET_COOKIE.matcher(cookie);
			if (pair.find()) {
				boolean expired = cookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
				if (expired || pair.group(2).isEmpty()) {
					jar.remove(pair.group(1));
				}
				else {
					jar.put(pair.group(1), pair.group(2));
				}
			}
		}
	}

	private static String location(HttpResponse<?> response) {
		String location = response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new IllegalStateException("No redirect: " + response.statusCode()));
		return response.uri().resolve(location).toString();
	}

	private static URI app(String path) {
		return URI.create(MandatIntegrationTest.BASE_URL + path);
	}

	private static String origin(URI uri) {
		return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
	}

	public static String form(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
