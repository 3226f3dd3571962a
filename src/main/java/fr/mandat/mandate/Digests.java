package fr.mandat.mandate;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.erdtman.jcs.JsonCanonicalizer;

/** SHA-256 and RFC 8785 canonical JSON. */
final class Digests {

	private Digests() {
	}

	static String sha256Hex(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The RFC 8785 canonical form of a JSON text, as UTF-8. */
	static byte[] canonical(String json) {
		try {
			return new JsonCanonicalizer(json).getEncodedUTF8();
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Not canonicalisable JSON", ex);
		}
	}

}
