package fr.mandat.journal.proof;

/** The hash of one perfect subtree, as kept in a {@link NodeStore}. */
public record Node(int level, long index, byte[] hash) {

}
