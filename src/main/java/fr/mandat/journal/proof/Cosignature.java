package fr.mandat.journal.proof;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * C2SP tlog-cosignature/v1 with Ed25519: a witness signs {@code cosignature/v1}, a
 * {@code time} line and the checkpoint's body; the note signature carries the key ID, the
 * timestamp (big-endian u64) and the 64-byte signature.
 *
 * @param timestamp seconds since the epoch, when the witness cosigned
 */
public record Cosignature(CosignerKey key, long timestamp, byte[] signature) {

	private static final String PREFIX = "\u2014 ";

	public Cosignature {
		if (timestamp < 0) {
			throw new IllegalArgumentException("A cosignature's time cannot be negative");
		}
		if (signature.length != 64) {
			throw new IllegalArgumentException("An Ed25519 signature has 64 bytes");
		}
		signature = signature.clone();
	}

	/** The message a witness signs for this checkpoint body. */
	public static byte[] message(String checkpointBody, long timestamp) {
		return Checkpoint.utf8("cosignature/v1\ntime " + timestamp + "\n" + checkpointBody);
	}

	/** Cosigns a checkpoint body; {@code signer} holds the witness's private key. */
	public static Cosignature sign(String checkpointBody, CosignerKey key, long timestamp,
			UnaryOperator<byte[]> signer) {
		return new Cosignature(key, timestamp, signer.apply(message(checkpointBody, timestamp)));
	}

	/**
	 * The note signature line, {@code — name base64(keyid || timestamp || signature)}.
	 */
	public String line() {
		ByteBuffer bytes = ByteBuffer.allocate(4 + 8 + 64);
		bytes.put(this.key.keyId()).putLong(this.timestamp).put(this.signature);
		return PREFIX + this.key.name() + " " + Base64.getEncoder().encodeToString(bytes.array());
	}

	/**
	 * Reads the signature line if it is by this key and valid for the body.
	 * @throws ProofException if the line is by the key but does not verify
	 */
	public static java.util.Optional<Cosignature> verify(String checkpointBody, SignedNote.Line line, CosignerKey key)
			throws ProofException {
		return verify(checkpointBody, line, key, SignedNote.JDK_ED25519);
	}

	/**
	 * As {@link #verify(String, SignedNote.Line, CosignerKey)}, with the Ed25519 check
	 * given (e.g. a faster implementation than the JDK's, for a service checking every
	 * checkpoint's cosignatures).
	 */
	public static java.util.Optional<Cosignature> verify(String checkpointBody, SignedNote.Line line, CosignerKey key,
			SignedNote.Ed25519Check check) throws ProofException {
		if (!line.name().equals(key.name()) || !Arrays.equals(line.keyId(), key.keyId())) {
			return java.util.Optional.empty();
		}
		byte[] payload = line.signature();
		if (payload.length != 8 + 64) {
			throw new ProofException("The cosignature by " + key.name() + " is not a timestamped Ed25519 signature");
		}
		long timestamp = ByteBuffer.wrap(payload, 0, 8).getLong();
		if (timestamp < 0) {
			throw new ProofException("The cosignature by " + key.name() + " has a time beyond 2^63 - 1");
		}
		byte[] signature = Arrays.copyOfRange(payload, 8, payload.length);
		if (!check.valid(message(checkpointBody, timestamp), signature, new NoteKey(key.name(), key.publicKey()))) {
			throw new ProofException("The cosignature by " + key.name() + " is not valid");
		}
		return java.util.Optional.of(new Cosignature(key, timestamp, signature));
	}

	@Override
	public byte[] signature() {
		return this.signature.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Cosignature that && this.key.equals(that.key) && this.timestamp == that.timestamp
				&& Arrays.equals(this.signature, that.signature);
	}

	@Override
	public int hashCode() {
		return 31 * this.key.hashCode() + Arrays.hashCode(this.signature);
	}

}
