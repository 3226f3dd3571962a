package fr.mandat.journal.proof;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A C2SP signed-note verifier key for Ed25519: a name, a 4-byte key ID derived from the
 * name and the key, and the public key, written {@code name+hexid+base64key}.
 */
public record NoteKey(String name, PublicKey publicKey) {

	private static final byte ED25519 = 0x01;

	/** DER prefix of an X.509 SubjectPublicKeyInfo holding a raw Ed25519 key. */
	private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	public NoteKey {
		if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '+')) {
			throw new IllegalArgumentException("A key name is non-empty, without spaces or '+'");
		}
		if (!"Ed25519".equals(publicKey.getAlgorithm()) && !"EdDSA".equals(publicKey.getAlgorithm())) {
			throw new IllegalArgumentException("Only Ed25519 keys sign notes here");
		}
	}

	/** The 32 raw bytes of the public key. */
	public byte[] rawPublicKey() {
		byte[] encoded = this.publicKey.getEncoded();
		return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
	}

	/** SHA-256(name || "\n" || 0x01 || key), first four bytes. */
	public byte[] keyId() {
		byte[] name = Checkpoint.utf8(this.name);
		byte[] key = rawPublicKey();
		ByteBuffer input = ByteBuffer.allocate(name.length + 2 + key.length);
		input.put(name).put((byte) '\n').put(ED25519).put(key);
		return Arrays.copyOf(Hashes.sha256(input.array()), 4);
	}

	/** The verifier key string, e.g. {@code mandat.example+1a2b3c4d+AXy...}. */
	public String encoded() {
		byte[] key = rawPublicKey();
		byte[] typed = new byte[key.length + 1];
		typed[0] = ED25519;
		System.arraycopy(key, 0, typed, 1, key.length);
		return this.name + "+" + HexFormat.of().formatHex(keyId()) + "+" + Base64.getEncoder().encodeToString(typed);
	}

	public static NoteKey parse(String encoded) throws ProofException {
		String[] parts = encoded.trim().split("\\+", 3);
		if (parts.length != 3) {
			throw new ProofException("A verifier key is name+keyid+key");
		}
		byte[] typed;
		try {
			typed = Base64.getDecoder().decode(parts[2]);
		}
		catch (IllegalArgumentException ex) {
			throw new ProofException("The verifier key is not valid base64");
		}
		if (typed.length != 33 || typed[0] != ED25519) {
			throw new ProofException("The verifier key is not an Ed25519 key");
		}
		NoteKey key;
		try {
			key = new NoteKey(parts[0], publicKey(Arrays.copyOfRange(typed, 1, typed.length)));
		}
		catch (IllegalArgumentException ex) {
			throw new ProofException("Malformed verifier key: " + ex.getMessage());
		}
		if (!HexFormat.of().formatHex(key.keyId()).equals(parts[1])) {
			throw new ProofException("The verifier key's ID does not match its name and key");
		}
		return key;
	}

	static PublicKey publicKey(byte[] raw) {
		byte[] encoded = new byte[X509_PREFIX.length + raw.length];
		System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
		System.arraycopy(raw, 0, encoded, X509_PREFIX.length, raw.length);
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("Not an Ed25519 public key", ex);
		}
	}

}
