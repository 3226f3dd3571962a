package fr.mandat.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real Keycloak server, from the distribution zip on Maven Central, with the realms
 * of {@code keycloak/} imported at start and its data in the local PostgreSQL.
 */
final class LocalKeycloak implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

	private final Process process;

	private LocalKeycloak(Process process) {
		this.process = process;
	}

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
		importRealms(home);
		postgres.resetKeycloakIfRealmsChanged(settings.logDirectory(), realmsDigest());

		List<String> command = new ArrayList<>(List.of(script.toString(), "start-dev", "--http-host=127.0.0.1",
				"--http-port=" + settings.keycloakPort(), "--http-management-port=" + settings.keycloakManagementPort(),
				"--import-realm", "--db=postgres", "--db-url=" + postgres.jdbcUrl("keycloak"),
				"--db-username=" + LocalPostgres.KEYCLOAK, "--db-password=" + LocalPostgres.KEYCLOAK,
				"--hostname-strict=false", "--log-console-output=default"));
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
		}
		catch (RuntimeException ex) {
			keycloak.close();
			throw ex;
		}
		return keycloak;
	}

	private static void importRealms(Path home) throws IOException {
		Path realms = LocalSettings.projectDir().resolve("keycloak");
		Path importDir = home.resolve("data/import");
		Files.createDirectories(importDir);
		try (Stream<Path> files = Files.list(realms)) {
			for (Path realm : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
				Files.copy(realm, importDir.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	private static String realmsDigest() throws IOException {
		try (Stream<Path> files = Files.list(LocalSettings.projectDir().resolve("keycloak"))) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Path realm : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
				digest.update(realm.getFileName().toString().getBytes(StandardCharsets.UTF_8));
				digest.update(Files.readAllBytes(realm));
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void awaitReady(LocalSettings settings) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		URI probe = URI.create(settings.keycloakUrl() + "/realms/usagers/.well-known/openid-configuration");
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"Keycloak stopped during start-up; see " + settings.logDirectory().resolve("keycloak.log"));
			}
			try {
				HttpResponse<Void> response = client.send(HttpRequest.newBuilder(probe).GET().build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Keycloak", ex);
			}
			sleep();
		}
		throw new IllegalStateException("Keycloak was not ready within " + STARTUP_TIMEOUT + "; see "
				+ settings.logDirectory().resolve("keycloak.log"));
	}

	private static void sleep() {
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		ProcessCleanup.stop(this.process.toHandle());
	}

}
