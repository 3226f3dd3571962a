package fr.mandat.journal.proof;

/**
 * Where the hashes of perfect subtrees are kept: {@code node(level, index)} covers leaves
 * {@code index * 2^level} (included) to {@code (index + 1) * 2^level} (excluded); level 0
 * holds leaf hashes.
 */
@FunctionalInterface
public interface NodeStore {

	byte[] node(int level, long index);

}
