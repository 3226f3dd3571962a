package fr.mandat.journal.proof;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Property tests on random trees: produced proofs verify, and any change breaks them. */
class MerkleTreeTests {

	@ParameterizedTest
	@ValueSource(longs = { 1, 7, 42, 20261122 })
	void appendedTreesMatchTheReferenceDefinitionAndTheirProofsVerify(long seed) throws ProofException {
		Random random = new Random(seed);
		List<byte[]> entries = new ArrayList<>();
		Map<String, byte[]> nodes = new HashMap<>();
		TreeAppender appender = TreeAppender.empty();
		int target = 1 + random.nextInt(260);
		while (entries.size() < target) {
			List<byte[]> batch = new ArrayList<>();
			for (int i = random.nextInt(9); i >= 0 && entries.size() < target; i--) {
				byte[] entry = ("entry " + entries.size() + " " + random.nextLong()).getBytes(StandardCharsets.UTF_8);
				entries.add(entry);
				batch.add(Hashes.leaf(entry));
			}
			appender.append(batch).forEach(n -> nodes.put(n.level() + "/" + n.index(), n.hash()));
			assertThat(appender.root()).isEqualTo(referenceRoot(entries));
		}
		NodeStore store = (level, index) -> nodes.get(level + "/" + index);
		assertThat(TreeAppender.resume(entries.size(), store).root()).isEqualTo(appender.root());

		for (int check = 0; check < 40; check++) {
			long size = 1 + random.nextInt(entries.size());
			long index = random.nextInt((int) size);
			byte[] root = MerkleTree.root(size, store);
			assertThat(root).isEqualTo(referenceRoot(entries.subList(0, (int) size)));
			byte[] leaf = Hashes.leaf(entries.get((int) index));
			List<byte[]> inclusion = MerkleTree.inclusionProof(index, size, store);
			ProofVerifier.verifyInclusion(index, size, leaf, inclusion, root);
			assertInclusionBreaks(random, index, size, leaf, inclusion, root);
			long otherSize = otherSize(random, index + 1, entries.size(), size);
			if (otherSize > 0) {
				// A size means something only with its own root, as in a checkpoint.
				byte[] otherRoot = MerkleTree.root(otherSize, store);
				assertFails(() -> ProofVerifier.verifyInclusion(index, otherSize, leaf, inclusion, otherRoot));
			}

			long size1 = 1 + random.nextInt((int) size);
			byte[] root1 = MerkleTree.root(size1, store);
			List<byte[]> consistency = MerkleTree.consistencyProof(size1, size, store);
			ProofVerifier.verifyConsistency(size1, size, consistency, root1, root);
			assertConsistencyBreaks(random, size1, size, consistency, root1, root);
			long otherSize2 = otherSize(random, size1, entries.size(), size);
			if (otherSize2 > 0 && size1 != size) {
				byte[] otherRoot = MerkleTree.root(otherSize2, store);
				assertFails(() -> ProofVerifier.verifyConsistency(size1, otherSize2, consistency, root1, otherRoot));
			}
		}
	}

	@Test
	void resumingAnAppenderContinuesTheSameTree() throws ProofException {
		Map<String, byte[]> nodes = new HashMap<>();
		TreeAppender first = TreeAppender.empty();
		List<byte[]> leaves = new ArrayList<>();
		for (int i = 0; i < 37; i++) {
			leaves.add(Hashes.leaf(new byte[] { (byte) i }));
		}
		first.append(leaves.subList(0, 21)).forEach(n -> nodes.put(n.level() + "/" + n.index(), n.hash()));
		TreeAppender resumed = TreeAppender.resume(21, (level, index) -> nodes.get(level + "/" + index));
		resumed.append(leaves.subList(21, 37));
		first.append(leaves.subList(21, 37));

		assertThat(resumed.size()).isEqualTo(37);
		assertThat(resumed.root()).isEqualTo(first.root());
	}

	@Test
	void refusesImpossibleProofRequests() {
		NodeStore none = (level, index) -> {
			throw new AssertionError("no node should be read");
		};
		assertThatIllegalArgumentException().isThrownBy(() -> MerkleTree.inclusionProof(5, 5, none));
		assertThatIllegalArgumentException().isThrownBy(() -> MerkleTree.inclusionProof(-1, 5, none));
		assertThatIllegalArgumentException().isThrownBy(() -> MerkleTree.consistencyProof(0, 5, none));
		assertThatIllegalArgumentException().isThrownBy(() -> MerkleTree.consistencyProof(6, 5, none));
		assertThat(MerkleTree.root(0, none)).isEqualTo(Hashes.empty());
	}

	private static void assertInclusionBreaks(Random random, long index, long size, byte[] leaf, List<byte[]> proof,
			byte[] root) {
		if (!proof.isEmpty()) {
			assertFails(() -> ProofVerifier.verifyInclusion(index, size, leaf, flipOneBit(random, proof), root));
			assertFails(
					() -> ProofVerifier.verifyInclusion(index, size, leaf, proof.subList(0, proof.size() - 1), root));
			assertFails(() -> ProofVerifier.verifyInclusion((index + 1) % size, size, leaf, proof, root));
		}
		List<byte[]> longer = new ArrayList<>(proof);
		longer.add(Hashes.leaf(new byte[] { 1 }));
		assertFails(() -> ProofVerifier.verifyInclusion(index, size, leaf, longer, root));
		assertFails(() -> ProofVerifier.verifyInclusion(index, size, flip(leaf, random), proof, root));
		assertFails(() -> ProofVerifier.verifyInclusion(index, size, leaf, proof, flip(root, random)));
	}

	private static void assertConsistencyBreaks(Random random, long size1, long size2, List<byte[]> proof, byte[] root1,
			byte[] root2) {
		if (!proof.isEmpty()) {
			assertFails(() -> ProofVerifier.verifyConsistency(size1, size2, flipOneBit(random, proof), root1, root2));
			assertFails(() -> ProofVerifier.verifyConsistency(size1, size2, proof.subList(0, proof.size() - 1), root1,
					root2));
		}
		List<byte[]> longer = new ArrayList<>(proof);
		longer.add(Hashes.leaf(new byte[] { 2 }));
		assertFails(() -> ProofVerifier.verifyConsistency(size1, size2, longer, root1, root2));
		assertFails(() -> ProofVerifier.verifyConsistency(size1, size2, proof, flip(root1, random), root2));
		assertFails(() -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, flip(root2, random)));
	}

	/** Another size in [min, max] than the given one, or 0 if there is none. */
	private static long otherSize(Random random, long min, long max, long not) {
		if (max - min < 1) {
			return 0;
		}
		long other = min + (long) random.nextInt((int) (max - min + 1));
		return (other == not) ? ((other == max) ? min : other + 1) : other;
	}

	private static void assertFails(Verification verification) {
		assertThatExceptionOfType(ProofException.class).isThrownBy(verification::run);
	}

	private static List<byte[]> flipOneBit(Random random, List<byte[]> proof) {
		List<byte[]> changed = new ArrayList<>(proof);
		int at = random.nextInt(proof.size());
		changed.set(at, flip(proof.get(at), random));
		return changed;
	}

	private static byte[] flip(byte[] hash, Random random) {
		byte[] changed = hash.clone();
		int bit = random.nextInt(hash.length * 8);
		changed[bit / 8] ^= (byte) (1 << (bit % 8));
		return changed;
	}

	/**
	 * MTH of RFC 9162 §2.1.1, written from the definition, independent of the code under
	 * test.
	 */
	private static byte[] referenceRoot(List<byte[]> entries) {
		if (entries.isEmpty()) {
			return Hashes.empty();
		}
		if (entries.size() == 1) {
			return Hashes.leaf(entries.get(0));
		}
		int k = 1;
		while (k * 2 < entries.size()) {
			k *= 2;
		}
		return Hashes.node(referenceRoot(entries.subList(0, k)), referenceRoot(entries.subList(k, entries.size())));
	}

	@FunctionalInterface
	private interface Verification {

		void run() throws ProofException;

	}

}
