/**
 * The journal's cryptography, with no dependency beyond the JDK so that the offline
 * verifier can carry it: RFC 9162 Merkle tree hashing, inclusion and consistency proofs,
 * C2SP checkpoints and signed notes (Ed25519). Part of the journal module's API: anyone
 * holding a proof checks it with this code.
 */
@NullMarked
@NamedInterface("proof")
package fr.mandat.journal.proof;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
