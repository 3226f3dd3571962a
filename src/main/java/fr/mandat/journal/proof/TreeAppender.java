package fr.mandat.journal.proof;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Grows a tree leaf by leaf, keeping only its right frontier (the roots of the perfect
 * subtrees that make up the current size), so each leaf costs O(log n) hashes and the
 * tree is never recomputed.
 */
public final class TreeAppender {

	/** Frontier, largest (leftmost) subtree first. */
	private final Deque<Node> frontier;

	private long size;

	private TreeAppender(long size, Deque<Node> frontier) {
		this.size = size;
		this.frontier = frontier;
	}

	public static TreeAppender empty() {
		return new TreeAppender(0, new ArrayDeque<>());
	}

	/** Resumes a tree of the given size from its stored perfect subtrees. */
	public static TreeAppender resume(long size, NodeStore store) {
		if (size < 0) {
			throw new IllegalArgumentException("A tree size cannot be negative");
		}
		Deque<Node> frontier = new ArrayDeque<>();
		long start = 0;
		for (int level = 62; level >= 0; level--) {
			if ((size & (1L << level)) != 0) {
				long index = start >> level;
				frontier.addLast(new Node(level, index, store.node(level, index)));
				start += 1L << level;
			}
		}
		return new TreeAppender(size, frontier);
	}

	/**
	 * Appends leaves and returns every perfect subtree completed by them (the leaves
	 * themselves included), to be stored.
	 */
	public List<Node> append(List<byte[]> leafHashes) {
		List<Node> created = new ArrayList<>();
		for (byte[] leafHash : leafHashes) {
			if (leafHash.length != Hashes.SIZE) {
				throw new IllegalArgumentException("A leaf hash has 32 bytes");
			}
			Node current = new Node(0, this.size, leafHash.clone());
			created.add(current);
			while ((current.index() & 1) == 1) {
				Node left = this.frontier.removeLast();
				current = new Node(current.level() + 1, current.index() >> 1, Hashes.node(left.hash(), current.hash()));
				created.add(current);
			}
			this.frontier.addLast(current);
			this.size++;
		}
		return created;
	}

	public long size() {
		return this.size;
	}

	/** MTH of the current tree: the frontier folded from the right. */
	public byte[] root() {
		if (this.size == 0) {
			return Hashes.empty();
		}
		Iterator<Node> fromRight = this.frontier.descendingIterator();
		byte[] root = fromRight.next().hash();
		while (fromRight.hasNext()) {
			root = Hashes.node(fromRight.next().hash(), root);
		}
		return root;
	}

}
