package fr.mandat.journal.proof;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A witness's Ed25519 cosigner key (C2SP tlog-cosignature, signature type 0x04): a name,
 * a 4-byte key ID and the public key, written as a verifier key
 * {@code name+hexid+base64(0x04 || key)}.
 */
public record CosignerKey(String name, PublicKey publicKey) {

	static final byte TIMESTAMPED_ED25519 = 0x04;

	public CosignerKey {
		new NoteKey(name, publicKey);
	}

	public byte[] rawPublicKey() {
		return new NoteKey(this.name, this.publicKey).rawPublicKey();
	}

	/** SHA-256(name || "\n" || 0x04 || key), first four bytes. */
	public byte[] keyId() {
		byte[] name = Checkpoint.utf8(this.name);
		byte[] key = rawPublicKey();
		ByteBuffer input = ByteBuffer.allocate(name.length + 2 + key.length);
		input.put(name).put((byte) '\n').put(TIMESTAMPED_ED25519).put(key);
		return Arrays.copyOf(Hashes.sha256(input.array()), 4);
	}

	public String encoded() {
		byte[] key = rawPublicKey();
		byte[] typed = new byte[key.length + 1];
		typed[0] = TIMESTAMPED_ED25519;
		System.arraycopy(key, 0, typed, 1, key.length);
		return this.name + "+" + HexFormat.of().formatHex(keyId()) + "+" + Base64.getEncoder().encodeToString(typed);
	}

	public static CosignerKey parse(String encoded) throws ProofException {
		String[] parts = encoded.trim().split("\\+", 3);
		if (parts.length != 3) {
			throw new ProofException("A cosigner key is name+keyid+key");
		}
		byte[] typed;
		try {
			typed = Base64.getDecoder().decode(parts[2]);
		}
		catch (IllegalArgumentException ex) {
			throw new ProofException("The cosigner key is not valid base64");
		}
		if (typed.length != 33 || typed[0] != TIMESTAMPED_ED25519) {
			throw new ProofException("The cosigner key is not a timestamped Ed25519 key (type 0x04)");
		}
		CosignerKey key;
		try {
			key = new CosignerKey(parts[0], NoteKey.publicKey(Arrays.copyOfRange(typed, 1, typed.length)));
		}
		catch (IllegalArgumentException ex) {
			throw new ProofException("Malformed cosigner key: " + ex.getMessage());
		}
		if (!HexFormat.of().formatHex(key.keyId()).equals(parts[1])) {
			throw new ProofException("The cosigner key's ID does not match its name and key");
		}
		return key;
	}

	@Override
	public String toString() {
		return encoded();
	}

}
