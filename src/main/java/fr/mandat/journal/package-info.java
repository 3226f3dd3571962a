/**
 * The audit journal: entries appended inside business transactions, sequenced into an RFC
 * 9162 Merkle tree, with signed checkpoints and proofs that anyone can verify without
 * trusting the server.
 */
@NullMarked
package fr.mandat.journal;

import org.jspecify.annotations.NullMarked;
