package fr.mandat.signing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.crypto.KeyGenerator;

import fr.mandat.signing.DataKeys.DataKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Rotating the personal-data key as docs/operations.md says (ADR 0109): the former key
 * kept under {@code personal-data-aes-retired-<date>}, a new one under
 * {@code personal-data-aes}. What the former key sealed stays readable; data keys are
 * wrapped again under the new key without changing; once that is done the retired key can
 * go.
 */
class PersonalDataKeyRotationTests {

	private static final byte[] PLAINTEXT = "Jeanne Dupont, née le 14 mars 1956".getBytes(StandardCharsets.UTF_8);

	private static final byte[] ROW = "usager:7".getBytes(StandardCharsets.UTF_8);

	private static final byte[] OWNER = "usager-key:7".getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path directory;

	@Test
	void afterARotationOldDataReadsAndDataKeysAreWrappedAgainUnderTheNewKey() throws Exception {
		AesGcmPersonalDataProtection before = new AesGcmPersonalDataProtection(TestKeys.keystore(this.directory));
		byte[] wrapped = before.newWrappedKey(OWNER);
		byte[] underDataKey = before.encrypt(PLAINTEXT, ROW, before.unwrap(wrapped, OWNER));
		byte[] underServiceKey = before.encrypt(PLAINTEXT, ROW);
		assertThat(before.rewrap(wrapped, OWNER)).as("already under the current key").isSameAs(wrapped);

		Path file = TestKeys.properties(this.directory, false, null).keystore();
		KeyStore store = TestKeys.read(file);
		KeyStore.ProtectionParameter protection = new KeyStore.PasswordProtection(TestKeys.PASSWORD.toCharArray());
		store.setEntry("personal-data-aes-retired-2027-01", store.getEntry("personal-data-aes", protection),
				protection);
		KeyGenerator aes = KeyGenerator.getInstance("AES");
		aes.init(256);
		store.setEntry("personal-data-aes", new KeyStore.SecretKeyEntry(aes.generateKey()), protection);
		TestKeys.write(store, file);
		AesGcmPersonalDataProtection after = new AesGcmPersonalDataProtection(
				TestKeys.keystore(TestKeys.properties(this.directory, false, null), TestKeys.CLOCK));

		assertThat(after.currentKeyId()).isNotEqualTo(before.currentKeyId()).hasSize(16);
		assertThat(after.decrypt(underServiceKey, ROW)).isEqualTo(PLAINTEXT);
		assertThat(after.decrypt(underDataKey, ROW, after.unwrap(wrapped, OWNER))).isEqualTo(PLAINTEXT);
		byte[] again = after.rewrap(wrapped, OWNER);
		assertThat(again).isNotEqualTo(wrapped);
		assertThat(after.rewrap(again, OWNER)).isSameAs(again);
		// Bound to its owner still.
		assertThatIllegalArgumentException()
			.isThrownBy(() -> after.rewrap(wrapped, "usager-key:8".getBytes(StandardCharsets.UTF_8)));

		// The retired key removed: what was wrapped again still opens, the old wrapping
		// no longer does.
		store.deleteEntry("personal-data-aes-retired-2027-01");
		TestKeys.write(store, file);
		AesGcmPersonalDataProtection retiredGone = new AesGcmPersonalDataProtection(
				TestKeys.keystore(TestKeys.properties(this.directory, false, null), TestKeys.CLOCK));
		DataKey key = retiredGone.unwrap(again, OWNER);
		assertThat(retiredGone.decrypt(underDataKey, ROW, key)).isEqualTo(PLAINTEXT);
		assertThatIllegalArgumentException().isThrownBy(() -> retiredGone.unwrap(wrapped, OWNER));
		assertThatIllegalArgumentException().isThrownBy(() -> retiredGone.rewrap(wrapped, OWNER));
	}

}
