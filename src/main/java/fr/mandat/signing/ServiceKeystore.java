package fr.mandat.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.springframework.stereotype.Component;

/**
 * The service's keys, from a PKCS#12 keystore. Locally the keystore is generated on first
 * start, each key with a self-signed certificate made with Bouncy Castle; production
 * points at a keystore prepared beforehand.
 */
@Component
class ServiceKeystore implements JournalKey {

	static final String JOURNAL_ALIAS = "journal-ed25519";

	private final PrivateKey journalPrivateKey;

	private final PublicKey journalPublicKey;

	ServiceKeystore(SigningProperties properties, Clock clock) throws IOException, GeneralSecurityException {
		KeyStore keystore = load(properties, clock);
		char[] password = properties.password().toCharArray();
		if (!(keystore.getKey(JOURNAL_ALIAS, password) instanceof PrivateKey key)) {
			throw new IllegalStateException("The keystore " + properties.keystore() + " has no key " + JOURNAL_ALIAS);
		}
		this.journalPrivateKey = key;
		this.journalPublicKey = keystore.getCertificate(JOURNAL_ALIAS).getPublicKey();
	}

	@Override
	public PublicKey publicKey() {
		return this.journalPublicKey;
	}

	@Override
	public byte[] sign(byte[] message) {
		try {
			Signature ed25519 = Signature.getInstance("Ed25519");
			ed25519.initSign(this.journalPrivateKey);
			ed25519.update(message);
			return ed25519.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not sign with the journal key", ex);
		}
	}

	private static KeyStore load(SigningProperties properties, Clock clock)
			throws IOException, GeneralSecurityException {
		Path path = properties.keystore();
		char[] password = properties.password().toCharArray();
		KeyStore keystore = KeyStore.getInstance("PKCS12");
		if (Files.isRegularFile(path)) {
			try (InputStream in = Files.newInputStream(path)) {
				keystore.load(in, password);
			}
			return keystore;
		}
		if (!properties.generateIfMissing()) {
			throw new IllegalStateException("No keystore at " + path + " (set MANDAT_SIGNING_KEYSTORE)");
		}
		keystore.load(null, password);
		KeyPair journal = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		keystore.setKeyEntry(JOURNAL_ALIAS, journal.getPrivate(), password,
				new Certificate[] { selfSigned(journal, "CN=Mandat journal (local)", clock) });
		Path directory = path.toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Path temporary = Files.createTempFile(directory, "keystore", ".p12");
		try (OutputStream out = Files.newOutputStream(temporary)) {
			keystore.store(out, password);
		}
		Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
		return keystore;
	}

	private static X509Certificate selfSigned(KeyPair pair, String subject, Clock clock)
			throws GeneralSecurityException {
		Instant now = clock.instant();
		X500Name name = new X500Name(subject);
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
						Date.from(now), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic())
					.build(new JcaContentSignerBuilder("Ed25519").build(pair.getPrivate())));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException("Could not make a certificate", ex);
		}
	}

}
