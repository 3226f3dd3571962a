package fr.mandat.signing;

import java.security.PublicKey;

/** The Ed25519 key that signs the journal's checkpoints. */
public interface JournalKey {

	PublicKey publicKey();

	/** An Ed25519 signature of the message. */
	byte[] sign(byte[] message);

}
