package fr.mandat.signing;

import java.security.PublicKey;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The Ed25519 key that signs the journal's checkpoints, and the keys of a rotation (ADR
 * 0120): the next key, which co-signs every checkpoint during the transition, and the
 * retired keys, whose checkpoints stay verifiable.
 */
public interface JournalKey {

	PublicKey publicKey();

	/** An Ed25519 signature of the message. */
	byte[] sign(byte[] message);

	/**
	 * The key that will replace this one ({@code journal-ed25519-next}), while a rotation
	 * is under way; null otherwise.
	 */
	default @Nullable PublicKey nextPublicKey() {
		return null;
	}

	/**
	 * An Ed25519 signature of the message by the next key.
	 * @throws IllegalStateException when no rotation is under way
	 */
	default byte[] signWithNext(byte[] message) {
		throw new IllegalStateException("No next journal key");
	}

	/**
	 * The public keys of former journal keys ({@code journal-ed25519-retired-<date>}).
	 */
	default List<PublicKey> retiredPublicKeys() {
		return List.of();
	}

}
