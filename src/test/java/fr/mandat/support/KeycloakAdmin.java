package fr.mandat.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import fr.mandat.local.LocalInfrastructure;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the test Keycloak's state through its admin REST API.
 * <p>
 * The master realm's administrator signs in once for all the instances of a run, and
 * again when the token nears its end or Keycloak refuses it: each sign-in is an HTTP
 * exchange and a session Keycloak writes to its database, and the tests call the admin
 * API hundreds of times.
 */
public final class KeycloakAdmin {

	/** A token is taken anew when less than this is left of its lifetime. */
	private static final Duration MARGIN = Duration.ofSeconds(15);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** The last administrator's token of the run, if any. */
	private static @Nullable AdminToken token;

	private final JsonMapper json = JsonMapper.builder().build();

	private final LocalInfrastructure infrastructure = LocalInfrastructure.get();

	/** The user's active sessions in realm {@code mandat}. */
	public int sessionCount(DemoAccount account) {
		JsonNode sessions = get("/admin/realms/mandat/users/" + account.subject() + "/sessions");
		return sessions.size();
	}

	/** The sessions of the master realm's administrator, whom the tests act as. */
	public int administratorSessionCount() {
		return get("/admin/realms/master/users/" + administratorId() + "/sessions").size();
	}

	/**
	 * Ends every session of the master realm's administrator, as another administrator
	 * could: the tokens taken in them are refused from then on.
	 */
	public void endAdministratorSessions() {
		send("POST", "/admin/realms/master/users/" + administratorId() + "/logout", "", 204);
	}

	private String administratorId() {
		return get("/admin/realms/master/users?exact=true&username="
				+ URLEncoder.encode(this.infrastructure.adminUser(), StandardCharsets.UTF_8))
			.get(0)
			.get("id")
			.asString();
	}

	/** Whether the user's account is enabled in realm {@code mandat}. */
	public boolean isEnabled(DemoAccount account) {
		return get("/admin/realms/mandat/users/" + account.subject()).get("enabled").asBoolean();
	}

	/** The active sessions of a user of realm {@code usagers}, found by user name. */
	public int usagerSessionCount(String username) {
		JsonNode users = get("/admin/realms/usagers/users?exact=true&username="
				+ URLEncoder.encode(username, StandardCharsets.UTF_8));
		return get("/admin/realms/usagers/users/" + users.get(0).get("id").asString() + "/sessions").size();
	}

	/** The password policy of a realm, e.g. {@code master}. */
	public String passwordPolicy(String realm) {
		return get("/admin/realms/" + realm).path("passwordPolicy").asString("");
	}

	/**
	 * How the user's password is stored in realm {@code mandat}: its credential's data
	 * (algorithm, iterations).
	 */
	public JsonNode passwordHashing(DemoAccount account) {
		for (JsonNode credential : get("/admin/realms/mandat/users/" + account.subject() + "/credentials")) {
			if ("password".equals(credential.path("type").asString())) {
				return this.json.readTree(credential.path("credentialData").asString());
			}
		}
		throw new IllegalStateException(account + " has no password");
	}

	/** The accounts of realm {@code mandat} holding an e-mail address. */
	public JsonNode usersWithEmail(String email) {
		return get("/admin/realms/mandat/users?exact=true&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
	}

	/**
	 * Enables or disables a client of realm {@code mandat}, e.g. to make the admin API
	 * fail.
	 */
	public void setClientEnabled(String clientId, boolean enabled) {
		JsonNode clients = get(
				"/admin/realms/mandat/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
		String id = clients.get(0).get("id").asString();
		send("PUT", "/admin/realms/mandat/clients/" + id, "{\"enabled\": " + enabled + "}", 204);
	}

	/**
	 * Creates an account of realm {@code mandat} with a password and required actions
	 * (e.g. {@code CONFIGURE_TOTP}); it is unknown to the application.
	 */
	public void createUser(String username, String email, String password, String... requiredActions) {
		String actions = String.join(",", java.util.Arrays.stream(requiredActions).map(a -> "\"" + a + "\"").toList());
		String body = """
				{"username": "%s", "email": "%s", "emailVerified": true, "enabled": true, "firstName": "Essai",
				 "lastName": "Écran", "requiredActions": [%s],
				 "credentials": [{"type": "password", "value": "%s", "temporary": false}]}
				""".formatted(username, email, actions, password);
		int status = call("POST", "/admin/realms/mandat/users", body).statusCode();
		if (status != 201 && status != 409) {
			throw new IllegalStateException("Keycloak admin API answered " + status);
		}
	}

	/** A user of realm {@code mandat} by id. */
	public JsonNode user(String id) {
		return get("/admin/realms/mandat/users/" + id);
	}

	/** The types of a user's credentials in realm {@code mandat} (password, otp). */
	public java.util.List<String> credentialTypes(String id) {
		java.util.List<String> types = new java.util.ArrayList<>();
		get("/admin/realms/mandat/users/" + id + "/credentials").forEach(c -> types.add(c.get("type").asString()));
		return types;
	}

	/**
	 * Creates a user of realm {@code mandat} with a password and a TOTP device (raw
	 * secret), as the realm import does; returns its id.
	 */
	public String createUserWithCredentials(String username, String email, String password, String totpSecret,
			boolean enabled) {
		String user = """
				{"ifResourceExists": "FAIL", "users": [{"username": %s, "email": %s, "emailVerified": true,
				  "firstName": "Ancienne", "lastName": "Aidante", "enabled": %s, "requiredActions": [],
				  "credentials": [
				    {"type": "password", "value": %s, "temporary": false},
				    {"type": "otp", "secretData": "{\\"value\\": \\"%s\\"}",
				     "credentialData": "{\\"subType\\": \\"totp\\", \\"digits\\": 6, \\"period\\": 30, \\"algorithm\\": \\"HmacSHA1\\", \\"counter\\": 0}"}
				  ]}]}
				"""
			.formatted(quote(username), quote(email), enabled, quote(password), totpSecret);
		send("POST", "/admin/realms/mandat/partialImport", user, 200);
		return get(
				"/admin/realms/mandat/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8))
			.get(0)
			.get("id")
			.asString();
	}

	/**
	 * Creates a usager in realm {@code usagers} (password
	 * {@link StaffHttp#USAGER_PASSWORD}, born in Paris on 14 March 1956); returns its
	 * subject.
	 */
	public String createUsager(String username, String givenName, String familyName) {
		String user = """
				{"ifResourceExists": "SKIP", "users": [{"username": %s, "email": %s, "emailVerified": true,
				  "firstName": %s, "lastName": %s, "enabled": true, "requiredActions": [],
				  "attributes": {"birthdate": ["1956-03-14"], "birthplace": ["75056"], "birthcountry": ["99100"],
				                 "gender": ["female"]},
				  "credentials": [{"type": "password", "value": %s, "temporary": false}]}]}
				""".formatted(quote(username), quote(username + "@example.fr"), quote(givenName), quote(familyName),
				quote(StaffHttp.USAGER_PASSWORD));
		send("POST", "/admin/realms/usagers/partialImport", user, 200);
		return get("/admin/realms/usagers/users?exact=true&username="
				+ URLEncoder.encode(username, StandardCharsets.UTF_8))
			.get(0)
			.get("id")
			.asString();
	}

	/**
	 * Creates, unless it exists, a confidential client of realm {@code mandat} that may
	 * use the client credentials grant only (with this secret), e.g. for a benchmark.
	 */
	public void ensureServiceClient(String clientId, String secret) {
		if (!get("/admin/realms/mandat/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8))
			.isEmpty()) {
			return;
		}
		send("POST", "/admin/realms/mandat/clients",
				"{\"clientId\": " + quote(clientId) + ", \"secret\": " + quote(secret)
						+ ", \"enabled\": true, \"publicClient\": false, \"clientAuthenticatorType\": "
						+ "\"client-secret\", \"serviceAccountsEnabled\": true, \"standardFlowEnabled\": false, "
						+ "\"directAccessGrantsEnabled\": false, \"implicitFlowEnabled\": false}",
				201);
	}

	/**
	 * Ends every session of the user in realm {@code mandat}, as an administrator would.
	 */
	public void signOut(DemoAccount account) {
		send("POST", "/admin/realms/mandat/users/" + account.subject() + "/logout", "", 204);
	}

	private String quote(String value) {
		return this.json.writeValueAsString(value);
	}

	private void send(String method, String path, String body, int expected) {
		int status = call(method, path, body).statusCode();
		if (status != expected) {
			throw new IllegalStateException("Keycloak admin API answered " + status + " to " + method + " " + path);
		}
	}

	/**
	 * Calls the admin API as the run's administrator (a JSON body, or none); when
	 * Keycloak refuses the token (restarted, its session ended), takes a new one and
	 * calls again.
	 */
	private HttpResponse<String> call(String method, String path, @Nullable String body) {
		HttpResponse<String> response = exchange(method, path, body, adminToken(false));
		if (response.statusCode() == 401) {
			response = exchange(method, path, body, adminToken(true));
		}
		return response;
	}

	private HttpResponse<String> exchange(String method, String path, @Nullable String body, String bearer) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.infrastructure.keycloakUrl() + path))
			.header("Authorization", "Bearer " + bearer);
		if (body == null) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The attributes of the account of realm {@code mandat} holding an e-mail address.
	 */
	public JsonNode attributesOf(String email) {
		JsonNode users = usersWithEmail(email);
		return get("/admin/realms/mandat/users/" + users.get(0).get("id").asString()).path("attributes");
	}

	private JsonNode get(String path) {
		HttpResponse<String> response = call("GET", path, null);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Keycloak admin API answered " + response.statusCode() + " to GET " + path);
		}
		return this.json.readTree(response.body());
	}

	/**
	 * The run's administrator token, taken anew when {@code renew}, when none was taken,
	 * or when it nears its end.
	 */
	private String adminToken(boolean renew) {
		synchronized (KeycloakAdmin.class) {
			AdminToken current = token;
			String url = this.infrastructure.keycloakUrl();
			if (renew || current == null || !current.keycloakUrl().equals(url)
					|| System.nanoTime() - current.renewAfterNanos() > 0) {
				long askedAt = System.nanoTime();
				JsonNode answer = newAdminToken();
				long lifetime = Duration.ofSeconds(answer.path("expires_in").asLong(60)).minus(MARGIN).toNanos();
				current = new AdminToken(url, answer.get("access_token").asString(), askedAt + lifetime);
				token = current;
			}
			return current.value();
		}
	}

	private JsonNode newAdminToken() {
		String form = "grant_type=password&client_id=admin-cli&username="
				+ URLEncoder.encode(this.infrastructure.adminUser(), StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(this.infrastructure.adminPassword(), StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(this.infrastructure.keycloakUrl() + "/realms/master/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Keycloak refused the administrator's token: " + response.statusCode());
			}
			return this.json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An administrator's token of the Keycloak at this address, and when to take another.
	 */
	private record AdminToken(String keycloakUrl, String value, long renewAfterNanos) {
	}

}
