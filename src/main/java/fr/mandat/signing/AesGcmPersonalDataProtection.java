package fr.mandat.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;

import org.springframework.stereotype.Component;

/**
 * AES-256-GCM with a random 96-bit nonce: {@code version || nonce || ciphertext || tag}.
 * The version byte is authenticated too, so a future format cannot be confused with this
 * one. Random nonces keep well under GCM's limits for the volumes of one service (about
 * 2^32 encryptions per key).
 */
@Component
class AesGcmPersonalDataProtection implements PersonalDataProtection {

	private static final byte VERSION = 1;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final ServiceKeystore keystore;

	private final SecureRandom random = new SecureRandom();

	AesGcmPersonalDataProtection(ServiceKeystore keystore) {
		this.keystore = keystore;
	}

	@Override
	public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData);
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt", ex);
		}
	}

	@Override
	public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
		if (ciphertext.length < 1 + NONCE_BYTES + TAG_BITS / 8 || ciphertext[0] != VERSION) {
			throw new IllegalArgumentException("Not a ciphertext of this service");
		}
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(ciphertext, 1, 1 + NONCE_BYTES),
					associatedData);
			return cipher.doFinal(ciphertext, 1 + NONCE_BYTES, ciphertext.length - 1 - NONCE_BYTES);
		}
		catch (AEADBadTagException ex) {
			throw new IllegalArgumentException("The ciphertext or its associated data was altered", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not decrypt", ex);
		}
	}

	@Override
	public String pseudonym(String context, String value) {
		if (context.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("A pseudonym context cannot contain U+0000");
		}
		try {
			Mac hmac = Mac.getInstance("HmacSHA256");
			hmac.init(this.keystore.pseudonymKey());
			hmac.update(context.getBytes(StandardCharsets.UTF_8));
			hmac.update((byte) 0);
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(hmac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not compute a pseudonym", ex);
		}
	}

	private Cipher cipher(int mode, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.keystore.personalDataKey(), new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(new byte[] { VERSION });
		cipher.updateAAD(associatedData);
		return cipher;
	}

}
