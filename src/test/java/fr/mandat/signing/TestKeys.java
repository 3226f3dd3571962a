package fr.mandat.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/** Keystores in a test's temporary directory. */
final class TestKeys {

	static final String PASSWORD = "test-keystore-password";

	static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T09:30:00Z"), ZoneOffset.UTC);

	private TestKeys() {
	}

	static SigningProperties properties(Path directory, boolean generateIfMissing, @Nullable String tsaUrl) {
		return new SigningProperties(directory.resolve("keys/mandat-keys.p12"), PASSWORD, generateIfMissing, tsaUrl);
	}

	static ServiceKeystore keystore(Path directory) {
		return keystore(properties(directory, true, null), CLOCK);
	}

	static ServiceKeystore keystore(SigningProperties properties, Clock clock) {
		try {
			return new ServiceKeystore(properties, clock);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static KeyStore read(Path file) throws IOException, GeneralSecurityException {
		KeyStore keystore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(file)) {
			keystore.load(in, PASSWORD.toCharArray());
		}
		return keystore;
	}

	static void write(KeyStore keystore, Path file) throws IOException, GeneralSecurityException {
		try (OutputStream out = Files.newOutputStream(file)) {
			keystore.store(out, PASSWORD.toCharArray());
		}
	}

}
