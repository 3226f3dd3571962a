package fr.mandat.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real Keycloak server, from the distribution zip on Maven Central, with the realms
 * of {@code keycloak/} imported at start and its data in the local PostgreSQL.
 */
final class LocalKeycloak implements AutoCloseable {

	// Generous: four checkouts may be testing on the same two cores.
	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(10);

	private final Process process;

	private LocalKeycloak(Process process) {
		this.process = process;
	}

	/** The test runs' password hashing (Keycloak password policies). */
	static final String TEST_PASSWORD_HASHING = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)";

	private static final Pattern PASSWORD_POLICY = Pattern.compile("\"passwordPolicy\"\\s*:\\s*\"([^\"]*)\"");

	static LocalKeycloak start(LocalSettings settings, LocalPostgres postgres) throws IOException {
		Path home = settings.keycloakHome();
		Path script = home.resolve("bin/kc.sh");
		if (!Files.isRegularFile(script)) {
			throw new IllegalStateException("Keycloak is not unpacked at " + home
					+ ": run through Maven, which unpacks org.keycloak:keycloak-quarkus-dist");
		}
		script.toFile().setExecutable(true);
		Files.createDirectories(settings.logDirectory());
		ProcessCleanup.stopStaleKeycloak(home.resolve("bin/.."), settings.keycloakPort());
		KeycloakThemes.install(LocalSettings.projectDir(), home.resolve("themes"));
		String realmsDigest = importRealms(settings, home);
		postgres.resetKeycloakIfRealmsChanged(settings.logDirectory(), realmsDigest);

		awaitBuild(home, settings);
		// Production mode on the server built beforehand (no build at each start, as
		// start-dev did), with what start-dev set: plain HTTP on the loopback, no
		// hostname check, a local cache rather than a cluster. Themes are cached as in
		// production (they are copied in before the start).
		List<String> command = new ArrayList<>(List.of(script.toString(), "start", "--optimized", "--http-enabled=true",
				"--http-host=127.0.0.1", "--http-port=" + settings.keycloakPort(),
				"--http-management-port=" + settings.keycloakManagementPort(), "--import-realm",
				"--db-url=" + postgres.jdbcUrl("keycloak"), "--db-username=" + LocalPostgres.KEYCLOAK,
				"--db-password=" + LocalPostgres.KEYCLOAK, "--hostname-strict=false", "--cache=local",
				"--log-console-output=default", "--spi-theme--cache-themes=true", "--spi-theme--cache-templates=true",
				"--spi-theme--static-max-age=2592000"));
		ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(settings.logDirectory().resolve("keycloak.log").toFile()));
		builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", LocalSettings.ADMIN_USER);
		builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", LocalSettings.ADMIN_PASSWORD);
		builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
		// Read by the realm import (smtpServer.port in keycloak/realm-mandat.json).
		builder.environment().put("MANDAT_SMTP_PORT", Integer.toString(settings.smtpPort()));
		LocalKeycloak keycloak = new LocalKeycloak(builder.start());
		try {
			keycloak.awaitReady(settings);
			if (!settings.isLocalStack()) {
				relaxForTestRuns(settings);
			}
		}
		catch (RuntimeException ex) {
			keycloak.close();
			throw ex;
		}
		return keycloak;
	}

	/**
	 * Runs {@code keycloak/build-server.sh}, which waits for the build Maven started in
	 * the background while it compiled (pom.xml, execution keycloak-build), returns at
	 * once when the server is built, and builds it when no build succeeded (a run from an
	 * IDE, an interrupted or failed build). ADR 0119.
	 */
	private static void awaitBuild(Path home, LocalSettings settings) throws IOException {
		Process build = new ProcessBuilder("sh",
				LocalSettings.projectDir().resolve("keycloak/build-server.sh").toString(), home.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(settings.logDirectory().resolve("keycloak-build.log").toFile()))
			.start();
		try {
			if (!build.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || build.exitValue() != 0) {
				build.destroyForcibly();
				throw new IllegalStateException("Keycloak could not be built; see " + home.resolve("mandat-build.log"));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while Keycloak was being built", ex);
		}
	}

	/**
	 * Copies the realms into the import folder, the test run's redirect URIs pointed at
	 * this run's application port, and returns a digest of what was copied.
	 */
	private static String importRealms(LocalSettings settings, Path home) throws IOException {
		Path realms = LocalSettings.projectDir().resolve("keycloak");
		Path importDir = home.resolve("data/import");
		Files.createDirectories(importDir);
		try (Stream<Path> files = Files.list(realms)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Path realm : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
				String json = Files.readString(realm, StandardCharsets.UTF_8);
				if (!settings.isLocalStack()) {
					json = json.replace("localhost:18080", "localhost:" + settings.appPort());
					// The back-channel logout endpoint is a single address: the local
					// stack's in the realm file, this run's application here.
					json = json.replace("http://localhost:8080/logout/connect/back-channel/",
							"http://localhost:" + settings.appPort() + "/logout/connect/back-channel/");
					json = withTestPasswordHashing(json);
				}
				Files.writeString(importDir.resolve(realm.getFileName()), json, StandardCharsets.UTF_8);
				digest.update(realm.getFileName().toString().getBytes(StandardCharsets.UTF_8));
				digest.update(json.getBytes(StandardCharsets.UTF_8));
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Test runs only: passwords hashed with one round of PBKDF2 instead of Keycloak's
	 * Argon2 (5 passes over 7 MiB), which was about two fifths of Keycloak's CPU in a run
	 * of the suite (hundreds of sign-ins and admin tokens). The realm's own rules
	 * (length, not the username) stay. The local stack's realms keep Keycloak's default.
	 */
	static String withTestPasswordHashing(String realm) {
		Matcher policy = PASSWORD_POLICY.matcher(realm);
		if (policy.find()) {
			return realm.substring(0, policy.start(1)) + policy.group(1) + " and " + TEST_PASSWORD_HASHING
					+ realm.substring(policy.end(1));
		}
		int start = realm.indexOf('{');
		if (start < 0) {
			throw new IllegalArgumentException("Not a realm: no JSON object");
		}
		return realm.substring(0, start + 1) + "\n  \"passwordPolicy\": \"" + TEST_PASSWORD_HASHING + "\","
				+ realm.substring(start + 1);
	}

	private void awaitReady(LocalSettings settings) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		URI probe = URI.create(settings.keycloakUrl() + "/realms/usagers/.well-known/openid-configuration");
		try {
			Awaitility.await("Keycloak ready")
				.atMost(STARTUP_TIMEOUT)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(250))
				.until(() -> answers(client, probe, settings));
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException("Keycloak was not ready within " + STARTUP_TIMEOUT + "; see "
					+ settings.logDirectory().resolve("keycloak.log"), ex);
		}
	}

	/**
	 * Whether the realms are served; a Keycloak that stopped during start-up fails the
	 * wait at once.
	 */
	private boolean answers(HttpClient client, URI probe, LocalSettings settings) throws InterruptedException {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(
					"Keycloak stopped during start-up; see " + settings.logDirectory().resolve("keycloak.log"));
		}
		try {
			return client.send(HttpRequest.newBuilder(probe).GET().build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false; // not listening yet
		}
	}

	/**
	 * Test runs only: the staff realm accepts a one-time code twice, so that signing in
	 * several times within 30 seconds needs no wait for the next code, and the master
	 * realm's administrator (the tests' admin tokens) gets the test runs' password
	 * hashing, applied at the next sign-in. The local stack's realms (what a person
	 * trying Mandat sees) keep refusing a reused code and keep Keycloak's hashing.
	 */
	private static void relaxForTestRuns(LocalSettings settings) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		try {
			String form = "grant_type=password&client_id=admin-cli&username=" + LocalSettings.ADMIN_USER + "&password="
					+ LocalSettings.ADMIN_PASSWORD;
			HttpResponse<String> token = client.send(HttpRequest
				.newBuilder(URI.create(settings.keycloakUrl() + "/realms/master/protocol/openid-connect/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
			java.util.regex.Matcher accessToken = java.util.regex.Pattern
				.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
				.matcher(token.body());
			if (token.statusCode() != 200 || !accessToken.find()) {
				throw new IllegalStateException("Keycloak admin sign-in answered " + token.statusCode());
			}
			HttpResponse<Void> update = client
				.send(HttpRequest.newBuilder(URI.create(settings.keycloakUrl() + "/admin/realms/mandat"))
					.header("Authorization", "Bearer " + accessToken.group(1))
					.header("Content-Type", "application/json")
					// Keycloak replaces the OTP policy as a whole, and only when its type
					// is given.
					.PUT(HttpRequest.BodyPublishers.ofString("""
							{"otpPolicyType": "totp", "otpPolicyAlgorithm": "HmacSHA1", "otpPolicyDigits": 6,
							 "otpPolicyPeriod": 30, "otpPolicyLookAheadWindow": 1, "otpPolicyCodeReusable": true}
							"""))
					.build(), HttpResponse.BodyHandlers.discarding());
			if (update.statusCode() != 204) {
				throw new IllegalStateException("Keycloak refused the OTP policy change: " + update.statusCode());
			}
			HttpResponse<Void> master = client
				.send(HttpRequest.newBuilder(URI.create(settings.keycloakUrl() + "/admin/realms/master"))
					.header("Authorization", "Bearer " + accessToken.group(1))
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString("{\"passwordPolicy\": \"" + TEST_PASSWORD_HASHING + "\"}"))
					.build(), HttpResponse.BodyHandlers.discarding());
			if (master.statusCode() != 204) {
				throw new IllegalStateException(
						"Keycloak refused the master realm's password policy: " + master.statusCode());
			}
			String realm = client
				.send(HttpRequest.newBuilder(URI.create(settings.keycloakUrl() + "/admin/realms/mandat"))
					.header("Authorization", "Bearer " + accessToken.group(1))
					.GET()
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			if (!realm.replace(" ", "").contains("\"otpPolicyCodeReusable\":true")) {
				throw new IllegalStateException("The test realm still refuses a reused one-time code");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not set the test realms' OTP and password policies", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		ProcessCleanup.stop(this.process.toHandle());
	}

}
