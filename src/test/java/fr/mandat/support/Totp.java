package fr.mandat.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 codes (HMAC-SHA1, 30 s, 6 digits), as the demo users' authenticator computes
 * them.
 */
public final class Totp {

	private Totp() {
	}

	/**
	 * The current code for a demo account's secret. The test realm accepts a code twice
	 * (see {@code LocalKeycloak}), so signing in again within the same 30 seconds needs
	 * no wait.
	 */
	public static String currentCode(String secret) {
		return code(secret, Clock.systemUTC());
	}

	public static String code(String secret, Clock clock) {
		return code(secret.getBytes(StandardCharsets.US_ASCII), clock.instant().getEpochSecond() / 30);
	}

	/**
	 * The code for the 30-second window after the current one, from the key as an
	 * authenticator app is given it (base32, spaces allowed). Keycloak accepts the next
	 * window's code, and a code just used to register the device cannot be used again.
	 */
	public static String nextCodeFromBase32(String base32) {
		return code(base32(base32), Clock.systemUTC().instant().getEpochSecond() / 30 + 1);
	}

	/** The code for the current window, from a base32 key. */
	public static String codeFromBase32(String base32) {
		return code(base32(base32), Clock.systemUTC().instant().getEpochSecond() / 30);
	}

	private static byte[] base32(String text) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (char c : text.replace(" ", "").replace("=", "").toUpperCase(java.util.Locale.ROOT).toCharArray()) {
			int value = alphabet.indexOf(c);
			if (value < 0) {
				throw new IllegalArgumentException("Not base32: " + c);
			}
			buffer = (buffer << 5) | value;
			bits += 5;
			if (bits >= 8) {
				bytes.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		return bytes.toByteArray();
	}

	private static String code(byte[] key, long counter) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(key, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return String.format("%06d", binary % 1_000_000);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
