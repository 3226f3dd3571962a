package fr.mandat.journal.proof;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * C2SP signed notes with Ed25519: the text, a blank line, then signature lines
 * {@code — name base64(keyid || signature)}.
 */
public final class SignedNote {

	private static final String SIGNATURE_PREFIX = "\u2014 ";

	private static final int MAX_SIGNATURES = 100;

	private SignedNote() {
	}

	public static String sign(String text, NoteKey key, PrivateKey privateKey) {
		return sign(text, key, message -> {
			try {
				Signature ed25519 = Signature.getInstance("Ed25519");
				ed25519.initSign(privateKey);
				ed25519.update(message);
				return ed25519.sign();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Could not sign the note", ex);
			}
		});
	}

	/**
	 * @param signer makes the Ed25519 signature of the key's private half, wherever it is
	 * kept
	 */
	public static String sign(String text, NoteKey key, UnaryOperator<byte[]> signer) {
		requireText(text);
		byte[] signature = signer.apply(Checkpoint.utf8(text));
		byte[] keyId = key.keyId();
		byte[] line = new byte[keyId.length + signature.length];
		System.arraycopy(keyId, 0, line, 0, keyId.length);
		System.arraycopy(signature, 0, line, keyId.length, signature.length);
		return text + "\n" + SIGNATURE_PREFIX + key.name() + " " + Base64.getEncoder().encodeToString(line) + "\n";
	}

	/**
	 * Splits a note into its text and its signature lines, without verifying anything.
	 */
	public static Parsed parse(String note) throws ProofException {
		int split = note.lastIndexOf("\n\n");
		if (split < 0) {
			throw new ProofException("A signed note has its text, a blank line, then its signatures");
		}
		String text = note.substring(0, split + 1);
		String signatures = note.substring(split + 2);
		if (!signatures.endsWith("\n")) {
			throw new ProofException("A signed note ends with a newline");
		}
		for (int i = 0; i < note.length(); i++) {
			char c = note.charAt(i);
			if (c < 0x20 && c != '\n') {
				throw new ProofException("A signed note holds no control character but newlines");
			}
		}
		String[] lines = signatures.substring(0, signatures.length() - 1).split("\n", -1);
		if (lines.length > MAX_SIGNATURES) {
			throw new ProofException("Too many signatures on the note");
		}
		List<Line> parsed = new ArrayList<>(lines.length);
		for (String line : lines) {
			parsed.add(Line.parse(line));
		}
		return new Parsed(text, parsed);
	}

	/** The JDK's Ed25519 (the default of every check here). */
	public static final Ed25519Check JDK_ED25519 = SignedNote::valid;

	/** Returns the note's text if one of its signatures is by the key, and valid. */
	public static String verify(String note, NoteKey key) throws ProofException {
		return verify(note, key, JDK_ED25519);
	}

	/**
	 * As {@link #verify(String, NoteKey)}, with the Ed25519 check given (e.g. a faster
	 * implementation than the JDK's, for many notes at once).
	 */
	public static String verify(String note, NoteKey key, Ed25519Check check) throws ProofException {
		Parsed parsed = parse(note);
		boolean signedByKey = false;
		for (Line line : parsed.signatures()) {
			if (!line.name().equals(key.name()) || !Arrays.equals(line.keyId(), key.keyId())) {
				continue;
			}
			if (!check.valid(Checkpoint.utf8(parsed.text()), line.signature(), key)) {
				throw new ProofException("The note's signature by " + key.name() + " is not valid");
			}
			signedByKey = true;
		}
		if (!signedByKey) {
			throw new ProofException("The note is not signed by " + key.name());
		}
		return parsed.text();
	}

	/** The note with more signature lines (each {@code — name base64}) after its own. */
	public static String withSignatures(String note, List<String> lines) {
		StringBuilder result = new StringBuilder(note);
		for (String line : lines) {
			if (!line.startsWith(SIGNATURE_PREFIX) || line.contains("\n")) {
				throw new IllegalArgumentException("Not a signature line");
			}
			result.append(line).append('\n');
		}
		return result.toString();
	}

	private static boolean valid(byte[] text, byte[] signature, NoteKey key) {
		try {
			Signature ed25519 = Signature.getInstance("Ed25519");
			ed25519.initVerify(key.publicKey());
			ed25519.update(text);
			return ed25519.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	/** Checks an Ed25519 signature of a note's text by a key. */
	@FunctionalInterface
	public interface Ed25519Check {

		boolean valid(byte[] text, byte[] signature, NoteKey key);

	}

	private static void requireText(String text) {
		if (text.isEmpty() || !text.endsWith("\n")) {
			throw new IllegalArgumentException("A note's text ends with a newline");
		}
	}

	/** A note split into its text (ending with a newline) and its signature lines. */
	public record Parsed(String text, List<Line> signatures) {

		public Parsed {
			signatures = List.copyOf(signatures);
		}

	}

	/** One signature line: the key's name, its 4-byte ID and the signature bytes. */
	public record Line(String name, byte[] keyId, byte[] signature) {

		public Line {
			keyId = keyId.clone();
			signature = signature.clone();
		}

		public static Line parse(String line) throws ProofException {
			if (!line.startsWith(SIGNATURE_PREFIX)) {
				throw new ProofException("Malformed signature line");
			}
			String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
			if (parts.length != 2 || parts[0].isEmpty()) {
				throw new ProofException("Malformed signature line");
			}
			byte[] decoded;
			try {
				decoded = Base64.getDecoder().decode(parts[1]);
			}
			catch (IllegalArgumentException ex) {
				throw new ProofException("A signature is not valid base64");
			}
			if (decoded.length < 5) {
				throw new ProofException("A signature line is too short");
			}
			return new Line(parts[0], Arrays.copyOf(decoded, 4), Arrays.copyOfRange(decoded, 4, decoded.length));
		}

		@Override
		public byte[] keyId() {
			return this.keyId.clone();
		}

		@Override
		public byte[] signature() {
			return this.signature.clone();
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Line that && this.name.equals(that.name) && Arrays.equals(this.keyId, that.keyId)
					&& Arrays.equals(this.signature, that.signature);
		}

		@Override
		public int hashCode() {
			return 31 * this.name.hashCode() + Arrays.hashCode(this.signature);
		}

	}

}
