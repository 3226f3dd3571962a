package fr.mandat.signing;

import org.jspecify.annotations.Nullable;

/**
 * Per-person data keys (ADR 0105): each usager's personal data is encrypted with a key of
 * their own, stored only wrapped (encrypted) by the service's personal-data key. Deleting
 * the wrapped key makes everything encrypted with it unreadable (crypto-shredding),
 * without touching the rows that hold the ciphertext.
 *
 * <p>
 * Ciphertexts carry a format byte: 1 for data encrypted with the service key itself
 * ({@link PersonalDataProtection#encrypt}), 2 for data encrypted with a data key. Both
 * decrypt here.
 */
public interface DataKeys {

	/** The format byte of ciphertexts made with the service key. */
	byte SERVICE_KEY_FORMAT = 1;

	/** The format byte of ciphertexts made with a data key. */
	byte DATA_KEY_FORMAT = 2;

	/**
	 * A new random AES-256 data key, wrapped by the service key: store this, never the
	 * key.
	 * @param owner bound to the wrapped key (e.g. the usager's id): a wrapped key copied
	 * to another owner does not unwrap
	 */
	byte[] newWrappedKey(byte[] owner);

	/**
	 * The data key inside a wrapped key.
	 * @throws IllegalArgumentException when the wrapped key or its owner was altered
	 */
	DataKey unwrap(byte[] wrappedKey, byte[] owner);

	/**
	 * The same data key wrapped by the current service key: the wrapped key itself when
	 * it already is, a new wrapping when a retired key made it (after a rotation, ADR
	 * 0109).
	 * @throws IllegalArgumentException when no known service key unwraps it
	 */
	byte[] rewrap(byte[] wrappedKey, byte[] owner);

	/**
	 * A name of the current service key (not secret, reveals nothing about the key),
	 * stored beside each wrapped key to find those a rotation left under a retired key.
	 */
	String currentKeyId();

	/** Encrypts with the data key, in format 2, with a fresh random nonce. */
	byte[] encrypt(byte[] plaintext, byte[] associatedData, DataKey key);

	/**
	 * Decrypts format 1 (with the service key, {@code key} unused) or format 2 (with
	 * {@code key}).
	 * @throws IllegalArgumentException when the ciphertext or its associated data was
	 * altered, or when it is in format 2 and no key (or another key) is given
	 */
	byte[] decrypt(byte[] ciphertext, byte[] associatedData, @Nullable DataKey key);

	/** The format byte of a ciphertext, 0 when it is empty. */
	static int formatOf(byte[] ciphertext) {
		return (ciphertext.length == 0) ? 0 : ciphertext[0];
	}

	/**
	 * An unwrapped data key. Other modules hold it only while they encrypt or decrypt;
	 * its bytes never leave this module.
	 */
	final class DataKey {

		private final javax.crypto.SecretKey key;

		DataKey(javax.crypto.SecretKey key) {
			this.key = key;
		}

		javax.crypto.SecretKey secretKey() {
			return this.key;
		}

		@Override
		public String toString() {
			return "DataKey[hidden]";
		}

	}

}
