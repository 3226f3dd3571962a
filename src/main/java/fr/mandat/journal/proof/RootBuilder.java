package fr.mandat.journal.proof;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The root of a growing tree, leaf by leaf, keeping only its right frontier (one hash per
 * set bit of the size) and one reusable SHA-256: what verifying a whole journal needs,
 * without the node objects {@link TreeAppender} returns for storage. Not thread-safe.
 */
public final class RootBuilder {

	private final byte[][] frontier = new byte[64][];

	private final MessageDigest sha256;

	private final byte[] pair = new byte[1 + 2 * Hashes.SIZE];

	private long size;

	public RootBuilder() {
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
		this.pair[0] = 0x01;
	}

	public void append(byte[] leafHash) {
		if (leafHash.length != Hashes.SIZE) {
			throw new IllegalArgumentException("A leaf hash has 32 bytes");
		}
		byte[] current = leafHash;
		int level = 0;
		long index = this.size;
		while ((index & 1) == 1) {
			current = node(this.frontier[level], current);
			this.frontier[level] = null;
			index >>= 1;
			level++;
		}
		this.frontier[level] = current;
		this.size++;
	}

	public long size() {
		return this.size;
	}

	/** MTH of the tree so far. */
	public byte[] root() {
		if (this.size == 0) {
			return Hashes.empty();
		}
		byte[] root = null;
		for (int level = 0; level < 64; level++) {
			if ((this.size & (1L << level)) != 0) {
				root = (root == null) ? this.frontier[level] : node(this.frontier[level], root);
			}
		}
		if (root == null) {
			throw new IllegalStateException("A non-empty tree without a frontier");
		}
		return Arrays.copyOf(root, root.length);
	}

	private byte[] node(byte[] left, byte[] right) {
		System.arraycopy(left, 0, this.pair, 1, Hashes.SIZE);
		System.arraycopy(right, 0, this.pair, 1 + Hashes.SIZE, Hashes.SIZE);
		return this.sha256.digest(this.pair);
	}

}
