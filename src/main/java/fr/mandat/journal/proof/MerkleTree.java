package fr.mandat.journal.proof;

import java.util.ArrayList;
import java.util.List;

/**
 * Roots and proofs of RFC 9162 §2.1 over the perfect subtrees of a {@link NodeStore}.
 * Only perfect subtrees are stored; a right edge that is not perfect is hashed on the fly
 * from them (at most log2(n) stored nodes per level).
 */
public final class MerkleTree {

	private MerkleTree() {
	}

	/** MTH(D[0:size]). */
	public static byte[] root(long size, NodeStore store) {
		if (size < 0) {
			throw new IllegalArgumentException("A tree size cannot be negative");
		}
		return (size == 0) ? Hashes.empty() : hash(0, size, store);
	}

	/** PATH(m, D[0:size]) of RFC 9162 §2.1.3.1. */
	public static List<byte[]> inclusionProof(long leafIndex, long size, NodeStore store) {
		if (leafIndex < 0 || leafIndex >= size) {
			throw new IllegalArgumentException("Leaf index " + leafIndex + " is outside a tree of size " + size);
		}
		List<byte[]> proof = new ArrayList<>();
		path(leafIndex, 0, size, store, proof);
		return proof;
	}

	/** PROOF(size1, D[0:size2]) of RFC 9162 §2.1.4.1. */
	public static List<byte[]> consistencyProof(long size1, long size2, NodeStore store) {
		if (size1 < 1 || size1 > size2) {
			throw new IllegalArgumentException(
					"A consistency proof needs 0 < size1 <= size2, not " + size1 + " and " + size2);
		}
		List<byte[]> proof = new ArrayList<>();
		subproof(size1, 0, size2, true, store, proof);
		return proof;
	}

	private static void path(long m, long start, long end, NodeStore store, List<byte[]> proof) {
		long n = end - start;
		if (n == 1) {
			return;
		}
		long k = largestPowerOfTwoBelow(n);
		if (m < k) {
			path(m, start, start + k, store, proof);
			proof.add(hash(start + k, end, store));
		}
		else {
			path(m - k, start + k, end, store, proof);
			proof.add(hash(start, start + k, store));
		}
	}

	private static void subproof(long m, long start, long end, boolean complete, NodeStore store, List<byte[]> proof) {
		long n = end - start;
		if (m == n) {
			if (!complete) {
				proof.add(hash(start, end, store));
			}
			return;
		}
		long k = largestPowerOfTwoBelow(n);
		if (m <= k) {
			subproof(m, start, start + k, complete, store, proof);
			proof.add(hash(start + k, end, store));
		}
		else {
			subproof(m - k, start + k, end, false, store, proof);
			proof.add(hash(start, start + k, store));
		}
	}

	/**
	 * MTH(D[start:end]); in RFC 9162's recursion every left part is perfect and aligned.
	 */
	static byte[] hash(long start, long end, NodeStore store) {
		long n = end - start;
		if (Long.bitCount(n) == 1 && start % n == 0) {
			int level = Long.numberOfTrailingZeros(n);
			return store.node(level, start >> level);
		}
		long k = largestPowerOfTwoBelow(n);
		return Hashes.node(hash(start, start + k, store), hash(start + k, end, store));
	}

	/** The largest power of two strictly smaller than n (n > 1). */
	static long largestPowerOfTwoBelow(long n) {
		return Long.highestOneBit(n - 1);
	}

}
