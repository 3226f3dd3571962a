package fr.mandat.journal.proof;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 9162 §2.1.1 hashing: SHA-256 with domain separation between leaves and nodes. */
public final class Hashes {

	public static final int SIZE = 32;

	private static final byte LEAF_PREFIX = 0x00;

	private static final byte NODE_PREFIX = 0x01;

	private Hashes() {
	}

	public static byte[] leaf(byte[] entry) {
		MessageDigest digest = sha256();
		digest.update(LEAF_PREFIX);
		return digest.digest(entry);
	}

	public static byte[] node(byte[] left, byte[] right) {
		MessageDigest digest = sha256();
		digest.update(NODE_PREFIX);
		digest.update(left);
		return digest.digest(right);
	}

	/** The root of the empty tree. */
	public static byte[] empty() {
		return sha256().digest();
	}

	public static byte[] sha256(byte[] data) {
		return sha256().digest(data);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
