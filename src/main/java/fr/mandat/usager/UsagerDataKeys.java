package fr.mandat.usager;

import java.util.Optional;
import java.util.UUID;

/**
 * Each usager's own data key (ADR 0105), for the modules that keep personal data about a
 * usager: what they encrypt here becomes unreadable once the usager's data is erased (ADR
 * 0106). The key itself never leaves the signing module unwrapped for longer than one
 * call.
 */
public interface UsagerDataKeys {

	/**
	 * Encrypts with the usager's data key (made on first use).
	 * @param associatedData bound to the ciphertext (e.g. the row's id), not secret
	 * @throws IllegalStateException when the usager is unknown or their data was erased
	 */
	byte[] encrypt(UUID usagerId, byte[] plaintext, byte[] associatedData);

	/**
	 * Decrypts what {@link #encrypt} made (or older data encrypted with the service key);
	 * empty once the usager's data is erased.
	 * @throws IllegalArgumentException when the ciphertext or its associated data was
	 * altered
	 */
	Optional<byte[]> decrypt(UUID usagerId, byte[] ciphertext, byte[] associatedData);

	/** Whether the usager's personal data was erased (false for an unknown usager). */
	boolean erased(UUID usagerId);

}
