package fr.mandat.signing;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ServiceKeystoreTests {

	@TempDir
	Path directory;

	@Test
	void generatesEveryKeyInANewKeystore() throws Exception {
		SigningProperties properties = TestKeys.properties(this.directory, true, null);
		TestKeys.keystore(properties, TestKeys.CLOCK);

		KeyStore stored = TestKeys.read(properties.keystore());
		assertThat(stored.containsAlias(ServiceKeystore.JOURNAL_ALIAS)).isTrue();
		assertThat(stored.isKeyEntry(ServiceKeystore.MANDATE_ALIAS)).isTrue();
		assertThat(stored.getKey(ServiceKeystore.PERSONAL_DATA_ALIAS, TestKeys.PASSWORD.toCharArray()).getAlgorithm())
			.isEqualTo("AES");
		assertThat(stored.getKey(ServiceKeystore.PSEUDONYM_ALIAS, TestKeys.PASSWORD.toCharArray()).getAlgorithm())
			.isEqualTo("HmacSHA256");
		assertThat(stored.size()).isEqualTo(4);
	}

	@Test
	void journalSignaturesAreTheJdksEd25519Signatures() throws Exception {
		SigningProperties properties = TestKeys.properties(this.directory, true, null);
		ServiceKeystore keys = TestKeys.keystore(properties, TestKeys.CLOCK);
		java.security.PrivateKey stored = (java.security.PrivateKey) TestKeys.read(properties.keystore())
			.getKey(ServiceKeystore.JOURNAL_ALIAS, TestKeys.PASSWORD.toCharArray());
		for (String text : List.of("", "mandat.example.fr/journal\n42\nq3Zx\n", "é".repeat(1000))) {
			byte[] message = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
			jdk.initSign(stored);
			jdk.update(message);
			// Ed25519 is deterministic: the same key and message give the same signature.
			byte[] signature = keys.sign(message);
			assertThat(signature).isEqualTo(jdk.sign());
			java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
			verifier.initVerify(keys.publicKey());
			verifier.update(message);
			assertThat(verifier.verify(signature)).isTrue();
		}
	}

	@Test
	void aJournalKeyRotationReadsTheNextKeyThenKeepsTheRetiredOne() throws Exception {
		SigningProperties properties = TestKeys.properties(this.directory, false, null);
		ServiceKeystore first = TestKeys.keystore(TestKeys.properties(this.directory, true, null), TestKeys.CLOCK);
		ServiceKeystore elsewhere = TestKeys.keystore(this.directory.resolve("other"));
		KeyStore.ProtectionParameter protection = new KeyStore.PasswordProtection(TestKeys.PASSWORD.toCharArray());
		KeyStore store = TestKeys.read(properties.keystore());
		KeyStore.Entry nextKey = TestKeys
			.read(TestKeys.properties(this.directory.resolve("other"), false, null).keystore())
			.getEntry(ServiceKeystore.JOURNAL_ALIAS, protection);

		// The transition: the next key beside the current one.
		store.setEntry(ServiceKeystore.NEXT_JOURNAL_ALIAS, nextKey, protection);
		TestKeys.write(store, properties.keystore());
		ServiceKeystore transition = TestKeys.keystore(properties, TestKeys.CLOCK);
		assertThat(transition.publicKey()).isEqualTo(first.publicKey());
		assertThat(transition.nextPublicKey()).isEqualTo(elsewhere.publicKey());
		java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
		verifier.initVerify(elsewhere.publicKey());
		verifier.update(new byte[] { 1, 2, 3 });
		assertThat(verifier.verify(transition.signWithNext(new byte[] { 1, 2, 3 }))).isTrue();
		assertThat(transition.retiredPublicKeys()).isEmpty();

		// The switch: the next key becomes the journal key, the former one retired.
		store.setEntry("journal-ed25519-retired-2027-01", store.getEntry(ServiceKeystore.JOURNAL_ALIAS, protection),
				protection);
		store.setEntry(ServiceKeystore.JOURNAL_ALIAS, nextKey, protection);
		store.deleteEntry(ServiceKeystore.NEXT_JOURNAL_ALIAS);
		TestKeys.write(store, properties.keystore());
		ServiceKeystore after = TestKeys.keystore(properties, TestKeys.CLOCK);
		assertThat(after.publicKey()).isEqualTo(elsewhere.publicKey());
		assertThat(after.nextPublicKey()).isNull();
		assertThat(after.retiredPublicKeys()).containsExactly(first.publicKey());
		assertThatIllegalStateException().isThrownBy(() -> after.signWithNext(new byte[] { 1 }));
	}

	@Test
	void mandateChainValidatesFromTheLocalRoot() throws Exception {
		List<X509Certificate> chain = TestKeys.keystore(this.directory).mandateChain();

		assertThat(chain).hasSize(2);
		X509Certificate endEntity = chain.get(0);
		X509Certificate root = chain.get(1);
		endEntity.verify(root.getPublicKey());
		root.verify(root.getPublicKey());
		assertThat(root.getSubjectX500Principal().getName()).contains("CN=Mandat autorité de certification locale");
		assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
		assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
		assertThat(endEntity.getSubjectX500Principal().getName())
			.isEqualTo("CN=Mandat service de signature (local),O=Mandat");
		assertThat(endEntity.getBasicConstraints()).isEqualTo(-1);
		assertThat(endEntity.getKeyUsage()[0]).as("digitalSignature").isTrue();
		assertThat(endEntity.getKeyUsage()[1]).as("nonRepudiation").isTrue();
		assertThat(endEntity.getKeyUsage()[5]).as("keyCertSign").isFalse();
		assertThat(endEntity.getCriticalExtensionOIDs()).contains("2.5.29.15");
		assertThat(endEntity.getNotBefore()).isEqualTo(Date.from(TestKeys.CLOCK.instant()));
		assertThat(endEntity.getNotAfter()).isAfter(Date.from(TestKeys.CLOCK.instant().plus(Duration.ofDays(3649))));
		assertThat(endEntity.getPublicKey().getAlgorithm()).isEqualTo("EC");

		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
		parameters.setRevocationEnabled(false);
		parameters.setDate(Date.from(TestKeys.CLOCK.instant().plus(Duration.ofDays(1))));
		CertPathValidator.getInstance("PKIX")
			.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(endEntity)), parameters);
	}

	@Test
	void reloadingGivesTheSameKeys() {
		ServiceKeystore first = TestKeys.keystore(this.directory);
		ServiceKeystore second = TestKeys.keystore(TestKeys.properties(this.directory, false, null), TestKeys.CLOCK);

		assertThat(second.publicKey()).isEqualTo(first.publicKey());
		assertThat(second.mandateChain()).isEqualTo(first.mandateChain());
		assertThat(second.mandatePrivateKey().getEncoded()).isEqualTo(first.mandatePrivateKey().getEncoded());
		assertThat(second.personalDataKey().getEncoded()).hasSize(32).isEqualTo(first.personalDataKey().getEncoded());
		assertThat(second.pseudonymKey().getEncoded()).hasSize(32).isEqualTo(first.pseudonymKey().getEncoded());
		assertThat(second.personalDataKey().getEncoded()).isNotEqualTo(second.pseudonymKey().getEncoded());
	}

	@Test
	void addsTheNewKeysToAKeystoreHoldingOnlyTheJournalKey() throws Exception {
		SigningProperties properties = TestKeys.properties(this.directory, true, null);
		byte[] journalKey = journalOnlyKeystore(properties);

		ServiceKeystore upgraded = TestKeys.keystore(properties, TestKeys.CLOCK);

		assertThat(upgraded.publicKey().getEncoded()).isEqualTo(journalKey);
		KeyStore stored = TestKeys.read(properties.keystore());
		assertThat(stored.size()).isEqualTo(4);
		assertThat(stored.getCertificate(ServiceKeystore.JOURNAL_ALIAS).getPublicKey().getEncoded())
			.isEqualTo(journalKey);
		assertThat(stored.getCertificateChain(ServiceKeystore.MANDATE_ALIAS)).hasSize(2);
		assertThat(this.directory.resolve("keys").toFile().list()).containsExactly("mandat-keys.p12");
	}

	@Test
	void refusesToStartWithoutAKeyWhenNotGenerating() throws Exception {
		journalOnlyKeystore(TestKeys.properties(this.directory, true, null));
		SigningProperties production = TestKeys.properties(this.directory, false, null);

		assertThatIllegalStateException().isThrownBy(() -> new ServiceKeystore(production, TestKeys.CLOCK))
			.withMessageContaining(ServiceKeystore.MANDATE_ALIAS)
			.withMessageContaining("MANDAT_SIGNING_KEYSTORE");
		assertThat(TestKeys.read(production.keystore()).size()).isEqualTo(1);
	}

	@Test
	void refusesToStartWithoutAKeystoreWhenNotGenerating() {
		SigningProperties production = TestKeys.properties(this.directory, false, null);

		assertThatIllegalStateException().isThrownBy(() -> new ServiceKeystore(production, TestKeys.CLOCK))
			.withMessageContaining("MANDAT_SIGNING_KEYSTORE");
	}

	/** A keystore as developers have it before this change; returns its journal key. */
	private static byte[] journalOnlyKeystore(SigningProperties properties) throws Exception {
		byte[] journalKey = TestKeys.keystore(properties, TestKeys.CLOCK).publicKey().getEncoded();
		KeyStore stored = TestKeys.read(properties.keystore());
		stored.deleteEntry(ServiceKeystore.MANDATE_ALIAS);
		stored.deleteEntry(ServiceKeystore.PERSONAL_DATA_ALIAS);
		stored.deleteEntry(ServiceKeystore.PSEUDONYM_ALIAS);
		TestKeys.write(stored, properties.keystore());
		assertThat(TestKeys.read(properties.keystore()).size()).isEqualTo(1);
		return journalKey;
	}

}
