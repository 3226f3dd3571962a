package fr.mandat.signing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AesGcmPersonalDataProtectionTests {

	private static final byte[] PLAINTEXT = "Marie Dupont, née le 3 mars 1948 à Limoges"
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] ROW = "usager:42".getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path directory;

	private ServiceKeystore keystore;

	private AesGcmPersonalDataProtection protection;

	@BeforeEach
	void keys() {
		this.keystore = TestKeys.keystore(this.directory);
		this.protection = new AesGcmPersonalDataProtection(this.keystore);
	}

	@Test
	void decryptsWhatItEncrypted() {
		byte[] ciphertext = this.protection.encrypt(PLAINTEXT, ROW);

		assertThat(ciphertext).hasSize(1 + 12 + PLAINTEXT.length + 16);
		assertThat(ciphertext[0]).isEqualTo((byte) 1);
		assertThat(this.protection.decrypt(ciphertext, ROW)).isEqualTo(PLAINTEXT);
	}

	@Test
	void decryptsAfterTheKeystoreIsReloaded() {
		byte[] ciphertext = this.protection.encrypt(PLAINTEXT, ROW);
		ServiceKeystore reloaded = TestKeys.keystore(TestKeys.properties(this.directory, false, null), TestKeys.CLOCK);

		assertThat(new AesGcmPersonalDataProtection(reloaded).decrypt(ciphertext, ROW)).isEqualTo(PLAINTEXT);
	}

	@Test
	void rejectsAnyAlteredByte() {
		byte[] ciphertext = this.protection.encrypt(PLAINTEXT, ROW);
		for (int i = 0; i < ciphertext.length; i++) {
			byte[] altered = ciphertext.clone();
			altered[i] ^= 0x01;
			assertThatIllegalArgumentException().as("byte %d altered", i)
				.isThrownBy(() -> this.protection.decrypt(altered, ROW));
		}
	}

	@Test
	void rejectsTruncatedCiphertexts() {
		byte[] ciphertext = this.protection.encrypt(PLAINTEXT, ROW);
		byte[] truncated = Arrays.copyOf(ciphertext, ciphertext.length - 1);

		assertThatIllegalArgumentException().isThrownBy(() -> this.protection.decrypt(truncated, ROW));
		assertThatIllegalArgumentException().isThrownBy(() -> this.protection.decrypt(new byte[5], ROW));
	}

	@Test
	void rejectsOtherAssociatedData() {
		byte[] ciphertext = this.protection.encrypt(PLAINTEXT, ROW);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.protection.decrypt(ciphertext, "usager:43".getBytes(StandardCharsets.UTF_8)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.protection.decrypt(ciphertext, new byte[0]));
	}

	@Test
	void encryptsTheSamePlaintextDifferentlyEachTime() {
		byte[] first = this.protection.encrypt(PLAINTEXT, ROW);
		byte[] second = this.protection.encrypt(PLAINTEXT, ROW);

		assertThat(first).isNotEqualTo(second);
		assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
	}

	@Test
	void givesTheSamePseudonymForTheSameInputs() {
		String pseudonym = this.protection.pseudonym("usager", "1 48 03 87 085 123 45");

		assertThat(pseudonym).hasSize(43).matches("[A-Za-z0-9_-]{43}");
		assertThat(this.protection.pseudonym("usager", "1 48 03 87 085 123 45")).isEqualTo(pseudonym);
		assertThat(this.protection.pseudonym("usager", "1 48 03 87 085 123 46")).isNotEqualTo(pseudonym);
	}

	@Test
	void givesDifferentPseudonymsInDifferentContexts() {
		assertThat(this.protection.pseudonym("partenaire-caf", "1 48 03 87 085 123 45"))
			.isNotEqualTo(this.protection.pseudonym("partenaire-cpam", "1 48 03 87 085 123 45"));
		assertThat(this.protection.pseudonym("ab", "c")).isNotEqualTo(this.protection.pseudonym("a", "bc"));
	}

	@Test
	void pseudonymIsTheHmacOfContextSeparatorAndValue() throws Exception {
		Mac hmac = Mac.getInstance("HmacSHA256");
		hmac.init(this.keystore.pseudonymKey());
		byte[] expected = hmac.doFinal("usager\0Marie Dupont".getBytes(StandardCharsets.UTF_8));

		assertThat(this.protection.pseudonym("usager", "Marie Dupont"))
			.isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected));
	}

	@Test
	void keysDifferBetweenKeystores(@TempDir Path other) {
		AesGcmPersonalDataProtection elsewhere = new AesGcmPersonalDataProtection(TestKeys.keystore(other));

		assertThat(elsewhere.pseudonym("usager", "Marie Dupont"))
			.isNotEqualTo(this.protection.pseudonym("usager", "Marie Dupont"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> elsewhere.decrypt(this.protection.encrypt(PLAINTEXT, ROW), ROW));
	}

}
