package fr.mandat.web.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The staff realm's password-grant client {@code mandat-cli} exists for tests and local
 * tools only. Its tokens are refused on the API unless the Spring profile {@code local}
 * is active, and outside that profile the application refuses to start while the realm
 * still has the client enabled.
 *
 * <p>
 * The check asks the realm's token endpoint for a client-credentials token with a random
 * secret: Keycloak answers {@code unauthorized_client} for an enabled client whose secret
 * is wrong, and {@code invalid_client} for a missing or disabled one. This needs no admin
 * privilege; any other answer (or none) also stops the start, since a realm the
 * application cannot read is not one it should trust.
 */
final class LocalOnlyClients implements InitializingBean {

	/** The Spring profile of the local stack and the tests (never set in production). */
	static final String LOCAL_PROFILE = "local";

	/** The password-grant client of the local realm. */
	static final String CLI_CLIENT = "mandat-cli";

	private static final Logger logger = LoggerFactory.getLogger(LocalOnlyClients.class);

	private final Environment environment;

	private final String tokenEndpoint;

	LocalOnlyClients(Environment environment, String staffIssuer) {
		this.environment = environment;
		this.tokenEndpoint = staffIssuer + "/protocol/openid-connect/token";
	}

	boolean localProfile() {
		return this.environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE));
	}

	/** The clients whose access tokens the API accepts. */
	Set<String> apiClients(String staffClientId) {
		Set<String> clients = new LinkedHashSet<>();
		clients.add(staffClientId);
		if (localProfile()) {
			clients.add(CLI_CLIENT);
		}
		return clients;
	}

	@Override
	public void afterPropertiesSet() {
		if (localProfile()) {
			return;
		}
		String answer = probe();
		if (!"invalid_client".equals(answer)) {
			throw new IllegalStateException("The staff realm still has the local-only client '" + CLI_CLIENT
					+ "' enabled (token endpoint answered " + answer
					+ "): disable or delete it, it accepts passwords directly. The application does not start.");
		}
		logger.info("The staff realm has no enabled '{}' client", CLI_CLIENT);
	}

	/**
	 * The OAuth error code the token endpoint gives for the client and a random secret.
	 */
	String probe() {
		byte[] secret = new byte[16];
		new SecureRandom().nextBytes(secret);
		String form = "grant_type=client_credentials&client_id=" + CLI_CLIENT + "&client_secret="
				+ HexFormat.of().formatHex(secret);
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.tokenEndpoint))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.US_ASCII))
			.build();
		try {
			HttpResponse<String> response = HttpClient.newBuilder()
				.connectTimeout(Duration.ofSeconds(5))
				.build()
				.send(request, HttpResponse.BodyHandlers.ofString());
			java.util.regex.Matcher error = java.util.regex.Pattern.compile("\"error\"\\s*:\\s*\"([a-z_]{1,40})\"")
				.matcher(response.body());
			return error.find() ? error.group(1) : "HTTP " + response.statusCode();
		}
		catch (java.io.IOException ex) {
			return "no answer (" + ex.getClass().getSimpleName() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "no answer (interrupted)";
		}
	}

}
