package fr.mandat.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM with a random 96-bit nonce: {@code version || nonce || ciphertext || tag}.
 * The version byte is authenticated too, so a future format cannot be confused with this
 * one. Random nonces keep well under GCM's limits for the volumes of one service (about
 * 2^32 encryptions per key).
 * <p>
 * Format 2 is the same layout under a usager's own data key ({@link DataKeys}, ADR 0105).
 * A wrapped data key is {@code 1 || nonce || encrypted key || tag} under the service key,
 * with its owner and a context of its own as associated data, so it can never pass for a
 * personal-data ciphertext nor move to another owner.
 */
@Component
class AesGcmPersonalDataProtection implements PersonalDataProtection, DataKeys {

	private static final byte VERSION = SERVICE_KEY_FORMAT;

	private static final byte WRAP_VERSION = 1;

	private static final byte[] WRAP_CONTEXT = "mandat-data-key-v1".getBytes(StandardCharsets.UTF_8);

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final ServiceKeystore keystore;

	private final SecureRandom random = new SecureRandom();

	private final String currentKeyId;

	AesGcmPersonalDataProtection(ServiceKeystore keystore) {
		this.keystore = keystore;
		this.currentKeyId = keyId(keystore.personalDataKey());
	}

	@Override
	public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
		return seal(this.keystore.personalDataKey(), VERSION, plaintext, associatedData);
	}

	@Override
	public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
		return openWithAnyServiceKey(VERSION, ciphertext, associatedData);
	}

	@Override
	public byte[] newWrappedKey(byte[] owner) {
		try {
			KeyGenerator generator = KeyGenerator.getInstance("AES");
			generator.init(256, this.random);
			byte[] key = generator.generateKey().getEncoded();
			try {
				return seal(this.keystore.personalDataKey(), WRAP_VERSION, key, wrapContext(owner));
			}
			finally {
				Arrays.fill(key, (byte) 0);
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not make a data key", ex);
		}
	}

	@Override
	public DataKey unwrap(byte[] wrappedKey, byte[] owner) {
		byte[] key = openWithAnyServiceKey(WRAP_VERSION, wrappedKey, wrapContext(owner));
		try {
			if (key.length != 32) {
				throw new IllegalArgumentException("Not a data key of this service");
			}
			return new DataKey(new SecretKeySpec(key, "AES"));
		}
		finally {
			Arrays.fill(key, (byte) 0);
		}
	}

	@Override
	public byte[] rewrap(byte[] wrappedKey, byte[] owner) {
		byte[] context = wrapContext(owner);
		try {
			byte[] key = open(this.keystore.personalDataKey(), WRAP_VERSION, wrappedKey, context);
			Arrays.fill(key, (byte) 0);
			return wrappedKey;
		}
		catch (IllegalArgumentException underAnotherKey) {
			byte[] key = openWithAnyServiceKey(WRAP_VERSION, wrappedKey, context);
			try {
				return seal(this.keystore.personalDataKey(), WRAP_VERSION, key, context);
			}
			finally {
				Arrays.fill(key, (byte) 0);
			}
		}
	}

	@Override
	public String currentKeyId() {
		return this.currentKeyId;
	}

	/**
	 * Opens with the current service key, then with each retired one: after a rotation,
	 * what the former key sealed stays readable.
	 */
	private byte[] openWithAnyServiceKey(byte version, byte[] ciphertext, byte[] associatedData) {
		try {
			return open(this.keystore.personalDataKey(), version, ciphertext, associatedData);
		}
		catch (IllegalArgumentException current) {
			for (SecretKey retired : this.keystore.retiredPersonalDataKeys()) {
				try {
					return open(retired, version, ciphertext, associatedData);
				}
				catch (IllegalArgumentException ignored) {
					// Not this one either.
				}
			}
			throw current;
		}
	}

	/**
	 * Names a service key without revealing anything about it: the first 8 bytes of an
	 * HMAC of a fixed label, in hex.
	 */
	static String keyId(SecretKey key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
			byte[] id = mac.doFinal("mandat-personal-data-key-id".getBytes(StandardCharsets.UTF_8));
			return java.util.HexFormat.of().formatHex(id, 0, 8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not name the personal-data key", ex);
		}
	}

	@Override
	public byte[] encrypt(byte[] plaintext, byte[] associatedData, DataKey key) {
		return seal(key.secretKey(), DATA_KEY_FORMAT, plaintext, associatedData);
	}

	@Override
	public byte[] decrypt(byte[] ciphertext, byte[] associatedData, @Nullable DataKey key) {
		if (DataKeys.formatOf(ciphertext) == DATA_KEY_FORMAT) {
			if (key == null) {
				throw new IllegalArgumentException("This ciphertext needs a data key");
			}
			return open(key.secretKey(), DATA_KEY_FORMAT, ciphertext, associatedData);
		}
		return decrypt(ciphertext, associatedData);
	}

	private byte[] seal(SecretKey key, byte version, byte[] plaintext, byte[] associatedData) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(key, version, Cipher.ENCRYPT_MODE, nonce, associatedData);
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(version).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt", ex);
		}
	}

	private byte[] open(SecretKey key, byte version, byte[] ciphertext, byte[] associatedData) {
		if (ciphertext.length < 1 + NONCE_BYTES + TAG_BITS / 8 || ciphertext[0] != version) {
			throw new IllegalArgumentException("Not a ciphertext of this service");
		}
		try {
			Cipher cipher = cipher(key, version, Cipher.DECRYPT_MODE,
					Arrays.copyOfRange(ciphertext, 1, 1 + NONCE_BYTES), associatedData);
			return cipher.doFinal(ciphertext, 1 + NONCE_BYTES, ciphertext.length - 1 - NONCE_BYTES);
		}
		catch (AEADBadTagException ex) {
			throw new IllegalArgumentException("The ciphertext or its associated data was altered", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not decrypt", ex);
		}
	}

	private static byte[] wrapContext(byte[] owner) {
		return ByteBuffer.allocate(WRAP_CONTEXT.length + 1 + owner.length)
			.put(WRAP_CONTEXT)
			.put((byte) 0)
			.put(owner)
			.array();
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

	private static Cipher cipher(SecretKey key, byte version, int mode, byte[] nonce, byte[] associatedData)
			throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(new byte[] { version });
		cipher.updateAAD(associatedData);
		return cipher;
	}

}
