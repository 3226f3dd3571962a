package fr.mandat.signing;

/**
 * Protects personal data at rest: authenticated encryption (AES-GCM) and keyed pseudonyms
 * (HMAC-SHA256), with keys held in the service keystore.
 */
public interface PersonalDataProtection {

	/**
	 * Encrypts with a fresh random nonce; the result carries what decryption needs.
	 * @param associatedData bound to the ciphertext (e.g. the row's id), not secret
	 */
	byte[] encrypt(byte[] plaintext, byte[] associatedData);

	/**
	 * Decrypts what {@link #encrypt} produced.
	 * @throws IllegalArgumentException when the ciphertext or its associated data was
	 * altered
	 */
	byte[] decrypt(byte[] ciphertext, byte[] associatedData);

	/**
	 * A stable pseudonym of a value within a context (e.g. "usager" or a partner's id):
	 * the same inputs always give the same pseudonym, and nobody without the key can link
	 * it back or across contexts. Base64url without padding, 43 characters.
	 */
	String pseudonym(String context, String value);

}
