package fr.mandat.journal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.NodeStore;

/**
 * Tree nodes for proofs of many consecutive entries: the perfect subtrees inside the
 * current aligned block of leaves are hashed from the block's leaf hashes, others come
 * from the stored nodes through a bounded cache. A block of 1,024 entries then costs a
 * dozen reads instead of one per proof element.
 */
final class BlockNodes implements NodeStore {

	static final int BLOCK = 1024;

	private static final int CACHE = 10_000;

	private final NodeStore stored;

	private final Map<Long, byte[]> cache = new LinkedHashMap<>(256, 0.75f, true) {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
			return size() > CACHE;
		}

	};

	private long blockStart;

	private List<byte[]> leaves = List.of();

	private final Map<Long, byte[]> inBlock = new HashMap<>();

	BlockNodes(NodeStore stored) {
		this.stored = stored;
	}

	/** Hashes from now on come from these leaves, starting at {@code start}. */
	void block(long start, List<byte[]> leafHashes) {
		this.blockStart = start;
		this.leaves = leafHashes;
		this.inBlock.clear();
	}

	@Override
	public byte[] node(int level, long index) {
		long first = index << level;
		long end = (index + 1) << level;
		if (level < 63 && first >= this.blockStart && end <= this.blockStart + this.leaves.size()) {
			return inBlock(level, index);
		}
		return this.cache.computeIfAbsent(key(level, index), k -> this.stored.node(level, index));
	}

	private byte[] inBlock(int level, long index) {
		if (level == 0) {
			return this.leaves.get((int) (index - this.blockStart));
		}
		byte[] known = this.inBlock.get(key(level, index));
		if (known != null) {
			return known;
		}
		byte[] hash = Hashes.node(inBlock(level - 1, index * 2), inBlock(level - 1, index * 2 + 1));
		this.inBlock.put(key(level, index), hash);
		return hash;
	}

	private static long key(int level, long index) {
		return ((long) level << 56) | index;
	}

}
