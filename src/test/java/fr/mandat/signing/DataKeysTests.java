package fr.mandat.signing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import fr.mandat.signing.DataKeys.DataKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Per-usager data keys, wrapped by the service key, and the two ciphertext formats. */
class DataKeysTests {

	private static final byte[] PLAINTEXT = "Marie Dupont, née le 3 mars 1948 à Limoges"
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] ROW = "usager:42".getBytes(StandardCharsets.UTF_8);

	private static final byte[] OWNER = "42".getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path directory;

	private AesGcmPersonalDataProtection keys;

	@BeforeEach
	void keys() {
		this.keys = new AesGcmPersonalDataProtection(TestKeys.keystore(this.directory));
	}

	@Test
	void encryptsWithTheUsagersKeyInFormatTwo() {
		DataKey key = this.keys.unwrap(this.keys.newWrappedKey(OWNER), OWNER);

		byte[] ciphertext = this.keys.encrypt(PLAINTEXT, ROW, key);

		assertThat(ciphertext[0]).isEqualTo(DataKeys.DATA_KEY_FORMAT);
		assertThat(DataKeys.formatOf(ciphertext)).isEqualTo(2);
		assertThat(ciphertext).hasSize(1 + 12 + PLAINTEXT.length + 16);
		assertThat(this.keys.decrypt(ciphertext, ROW, key)).isEqualTo(PLAINTEXT);
	}

	@Test
	void stillDecryptsFormatOneWithTheServiceKey() {
		byte[] old = this.keys.encrypt(PLAINTEXT, ROW);

		assertThat(DataKeys.formatOf(old)).isEqualTo(1);
		assertThat(this.keys.decrypt(old, ROW, null)).isEqualTo(PLAINTEXT);
		assertThat(this.keys.decrypt(old, ROW, this.keys.unwrap(this.keys.newWrappedKey(OWNER), OWNER)))
			.isEqualTo(PLAINTEXT);
	}

	@Test
	void withoutItsKeyFormatTwoCannotBeRead() {
		byte[] wrapped = this.keys.newWrappedKey(OWNER);
		byte[] ciphertext = this.keys.encrypt(PLAINTEXT, ROW, this.keys.unwrap(wrapped, OWNER));
		DataKey another = this.keys.unwrap(this.keys.newWrappedKey(OWNER), OWNER);

		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.decrypt(ciphertext, ROW, null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.decrypt(ciphertext, ROW, another));
		// Nor with the service key alone, as if it were format 1.
		byte[] relabelled = ciphertext.clone();
		relabelled[0] = DataKeys.SERVICE_KEY_FORMAT;
		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.decrypt(relabelled, ROW));
	}

	@Test
	void aWrappedKeyBelongsToItsOwnerAndItsServiceKey(@TempDir Path other) {
		byte[] wrapped = this.keys.newWrappedKey(OWNER);

		assertThat(wrapped).hasSize(1 + 12 + 32 + 16);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.keys.unwrap(wrapped, "43".getBytes(StandardCharsets.UTF_8)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AesGcmPersonalDataProtection(TestKeys.keystore(other)).unwrap(wrapped, OWNER));
		// A wrapped key is no personal-data ciphertext either.
		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.decrypt(wrapped, OWNER));
		for (int i = 0; i < wrapped.length; i++) {
			byte[] altered = wrapped.clone();
			altered[i] ^= 0x01;
			assertThatIllegalArgumentException().as("byte %d altered", i)
				.isThrownBy(() -> this.keys.unwrap(altered, OWNER));
		}
	}

	@Test
	void eachWrappedKeyIsNewAndUnwrapsAfterTheKeystoreIsReloaded() {
		byte[] first = this.keys.newWrappedKey(OWNER);
		byte[] second = this.keys.newWrappedKey(OWNER);
		byte[] ciphertext = this.keys.encrypt(PLAINTEXT, ROW, this.keys.unwrap(first, OWNER));
		AesGcmPersonalDataProtection reloaded = new AesGcmPersonalDataProtection(
				TestKeys.keystore(TestKeys.properties(this.directory, false, null), TestKeys.CLOCK));

		assertThat(Arrays.copyOfRange(first, 13, first.length))
			.isNotEqualTo(Arrays.copyOfRange(second, 13, second.length));
		assertThat(reloaded.decrypt(ciphertext, ROW, reloaded.unwrap(first, OWNER))).isEqualTo(PLAINTEXT);
		assertThat(reloaded.unwrap(first, OWNER)).hasToString("DataKey[hidden]");
	}

}
