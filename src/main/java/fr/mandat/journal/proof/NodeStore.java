package fr.mandat.journal.proof;

/**
 * Where the hashes of perfect subtrees are kept: {@code node(level, index)} covers leaves
 * {@code [index * 2^level, (index + 1) * 2^level)}; level 0 holds leaf hashes.
 */
@FunctionalInterface
public interface NodeStore {

	byte[] node(int level, long index);

}
