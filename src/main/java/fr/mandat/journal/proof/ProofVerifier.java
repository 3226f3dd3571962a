package fr.mandat.journal.proof;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** Verification of RFC 9162 §2.1.3.2 inclusion and §2.1.4.2 consistency proofs. */
public final class ProofVerifier {

	private ProofVerifier() {
	}

	public static void verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root)
			throws ProofException {
		requireHash(leafHash, "leaf hash");
		requireHash(root, "root");
		if (leafIndex < 0 || leafIndex >= treeSize) {
			throw new ProofException("Leaf index " + leafIndex + " is outside a tree of size " + treeSize);
		}
		long fn = leafIndex;
		long sn = treeSize - 1;
		byte[] r = leafHash;
		for (byte[] p : proof) {
			requireHash(p, "proof element");
			if (sn == 0) {
				throw new ProofException("The inclusion proof is longer than the tree is deep");
			}
			if ((fn & 1) == 1 || fn == sn) {
				r = Hashes.node(p, r);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
			else {
				r = Hashes.node(r, p);
			}
			fn >>= 1;
			sn >>= 1;
		}
		if (sn != 0) {
			throw new ProofException("The inclusion proof is shorter than the tree is deep");
		}
		if (!MessageDigest.isEqual(r, root)) {
			throw new ProofException("The inclusion proof does not lead to the root");
		}
	}

	/**
	 * A consistency check from the empty tree proves nothing, so size1 must be at least 1
	 * (as in the reference test vectors).
	 */
	public static void verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
			throws ProofException {
		if (size1 < 1) {
			throw new ProofException("A consistency check from an empty tree proves nothing");
		}
		if (size1 > size2) {
			throw new ProofException("The first tree (" + size1 + ") is larger than the second (" + size2 + ")");
		}
		if (size1 == size2) {
			if (!proof.isEmpty()) {
				throw new ProofException("Trees of the same size need an empty consistency proof");
			}
			if (!MessageDigest.isEqual(root1, root2)) {
				throw new ProofException("Trees of the same size have different roots");
			}
			return;
		}
		requireHash(root1, "first root");
		requireHash(root2, "second root");
		if (proof.isEmpty()) {
			throw new ProofException("The consistency proof is empty");
		}
		for (byte[] p : proof) {
			requireHash(p, "proof element");
		}
		List<byte[]> path = new ArrayList<>(proof);
		if (Long.bitCount(size1) == 1) {
			path.add(0, root1);
		}
		long fn = size1 - 1;
		long sn = size2 - 1;
		while ((fn & 1) == 1) {
			fn >>= 1;
			sn >>= 1;
		}
		byte[] fr = path.get(0);
		byte[] sr = path.get(0);
		for (byte[] c : path.subList(1, path.size())) {
			if (sn == 0) {
				throw new ProofException("The consistency proof is longer than the tree is deep");
			}
			if ((fn & 1) == 1 || fn == sn) {
				fr = Hashes.node(c, fr);
				sr = Hashes.node(c, sr);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
			else {
				sr = Hashes.node(sr, c);
			}
			fn >>= 1;
			sn >>= 1;
		}
		if (sn != 0) {
			throw new ProofException("The consistency proof is shorter than the tree is deep");
		}
		if (!MessageDigest.isEqual(fr, root1)) {
			throw new ProofException("The consistency proof does not lead to the first root");
		}
		if (!MessageDigest.isEqual(sr, root2)) {
			throw new ProofException("The consistency proof does not lead to the second root");
		}
	}

	private static void requireHash(byte[] hash, String what) throws ProofException {
		if (hash.length != Hashes.SIZE) {
			throw new ProofException("A " + what + " must have 32 bytes, not " + hash.length);
		}
	}

}
