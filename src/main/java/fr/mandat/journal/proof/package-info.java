/**
 * The journal's cryptography, with no dependency beyond the JDK so that the offline
 * verifier can carry it: RFC 9162 Merkle tree hashing, inclusion and consistency proofs,
 * C2SP checkpoints and signed notes (Ed25519).
 */
@NullMarked
package fr.mandat.journal.proof;

import org.jspecify.annotations.NullMarked;
