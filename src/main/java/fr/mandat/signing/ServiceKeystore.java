package fr.mandat.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The service's keys, from a PKCS#12 keystore. Locally the keystore is generated on first
 * start, and keys added since are added to an existing keystore, with certificates made
 * with Bouncy Castle; production points at a keystore prepared beforehand.
 */
@Component
class ServiceKeystore implements JournalKey {

	static final String JOURNAL_ALIAS = "journal-ed25519";

	static final String NEXT_JOURNAL_ALIAS = JOURNAL_ALIAS + "-next";

	static final String RETIRED_JOURNAL_PREFIX = JOURNAL_ALIAS + "-retired-";

	static final String MANDATE_ALIAS = "mandate-es256";

	static final String PERSONAL_DATA_ALIAS = "personal-data-aes";

	static final String RETIRED_PERSONAL_DATA_PREFIX = PERSONAL_DATA_ALIAS + "-retired-";

	static final String PSEUDONYM_ALIAS = "pseudonym-hmac";

	/**
	 * Mandate keys taken out of service (a rotation, docs/operations.md): kept for
	 * verification only, their certificate is enough, and published with the current key.
	 */
	static final String RETIRED_MANDATE_PREFIX = "mandate-es256-retired-";

	static final List<String> ALIASES = List.of(JOURNAL_ALIAS, MANDATE_ALIAS, PERSONAL_DATA_ALIAS, PSEUDONYM_ALIAS);

	private static final Logger logger = LoggerFactory.getLogger(ServiceKeystore.class);

	/** The journal key for Bouncy Castle's signer (see {@link #ed25519}). */
	private final Ed25519PrivateKeyParameters journalPrivateKey;

	private final PublicKey journalPublicKey;

	private final @Nullable Ed25519PrivateKeyParameters nextJournalPrivateKey;

	private final @Nullable PublicKey nextJournalPublicKey;

	private final List<PublicKey> retiredJournalPublicKeys;

	private final PrivateKey mandatePrivateKey;

	private final X509Certificate[] mandateChain;

	private final List<X509Certificate> retiredMandateCertificates;

	private final SecretKey personalDataKey;

	private final List<SecretKey> retiredPersonalDataKeys;

	private final SecretKey pseudonymKey;

	ServiceKeystore(SigningProperties properties, Clock clock) throws IOException, GeneralSecurityException {
		KeyStore keystore = load(properties, clock);
		char[] password = properties.password().toCharArray();
		this.journalPrivateKey = ed25519Key(privateKey(keystore, JOURNAL_ALIAS, password, properties));
		this.journalPublicKey = keystore.getCertificate(JOURNAL_ALIAS).getPublicKey();
		if (keystore.containsAlias(NEXT_JOURNAL_ALIAS)) {
			this.nextJournalPrivateKey = ed25519Key(privateKey(keystore, NEXT_JOURNAL_ALIAS, password, properties));
			this.nextJournalPublicKey = keystore.getCertificate(NEXT_JOURNAL_ALIAS).getPublicKey();
		}
		else {
			this.nextJournalPrivateKey = null;
			this.nextJournalPublicKey = null;
		}
		this.retiredJournalPublicKeys = retiredPublicKeys(keystore, RETIRED_JOURNAL_PREFIX);
		this.mandatePrivateKey = privateKey(keystore, MANDATE_ALIAS, password, properties);
		this.mandateChain = chain(keystore, MANDATE_ALIAS, properties);
		this.retiredMandateCertificates = retired(keystore);
		this.personalDataKey = new SecretKeySpec(secretKey(keystore, PERSONAL_DATA_ALIAS, password, properties), "AES");
		this.retiredPersonalDataKeys = retiredSecretKeys(keystore, RETIRED_PERSONAL_DATA_PREFIX, password, properties);
		this.pseudonymKey = new SecretKeySpec(secretKey(keystore, PSEUDONYM_ALIAS, password, properties), "HmacSHA256");
	}

	@Override
	public PublicKey publicKey() {
		return this.journalPublicKey;
	}

	@Override
	public byte[] sign(byte[] message) {
		return ed25519(this.journalPrivateKey, message);
	}

	@Override
	public @Nullable PublicKey nextPublicKey() {
		return this.nextJournalPublicKey;
	}

	@Override
	public byte[] signWithNext(byte[] message) {
		Ed25519PrivateKeyParameters next = this.nextJournalPrivateKey;
		if (next == null) {
			throw new IllegalStateException("No next journal key (" + NEXT_JOURNAL_ALIAS + ") in the keystore");
		}
		return ed25519(next, message);
	}

	@Override
	public List<PublicKey> retiredPublicKeys() {
		return this.retiredJournalPublicKeys;
	}

	/**
	 * Signs with Bouncy Castle's Ed25519 (RFC 8032): JDK 17's implementation was the
	 * journal sequencer's main CPU cost (each batch's checkpoint is signed) and is
	 * several times slower (seven times for verification, measured for the journal's
	 * verifier). Ed25519 is deterministic: the signature is the one the JDK would make.
	 */
	private static byte[] ed25519(Ed25519PrivateKeyParameters key, byte[] message) {
		byte[] signature = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
		key.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
		return signature;
	}

	private static Ed25519PrivateKeyParameters ed25519Key(PrivateKey key) throws IOException, GeneralSecurityException {
		if (PrivateKeyFactory.createKey(key.getEncoded()) instanceof Ed25519PrivateKeyParameters parameters) {
			return parameters;
		}
		throw new GeneralSecurityException("The journal key is not an Ed25519 key");
	}

	private static List<PublicKey> retiredPublicKeys(KeyStore keystore, String prefix) throws GeneralSecurityException {
		List<String> aliases = new ArrayList<>(Collections.list(keystore.aliases()));
		aliases.sort(Collections.reverseOrder());
		List<PublicKey> keys = new ArrayList<>();
		for (String alias : aliases) {
			if (alias.startsWith(prefix) && keystore.getCertificate(alias) != null) {
				keys.add(keystore.getCertificate(alias).getPublicKey());
			}
		}
		return List.copyOf(keys);
	}

	PrivateKey mandatePrivateKey() {
		return this.mandatePrivateKey;
	}

	/** Certificates of the mandate keys used before the current one, by alias. */
	List<X509Certificate> retiredMandateCertificates() {
		return this.retiredMandateCertificates;
	}

	private static List<X509Certificate> retired(KeyStore keystore) throws GeneralSecurityException {
		List<String> aliases = new ArrayList<>(Collections.list(keystore.aliases()));
		aliases.sort(null);
		List<X509Certificate> certificates = new ArrayList<>();
		for (String alias : aliases) {
			if (alias.startsWith(RETIRED_MANDATE_PREFIX)
					&& keystore.getCertificate(alias) instanceof X509Certificate certificate) {
				certificates.add(certificate);
			}
		}
		return List.copyOf(certificates);
	}

	/** The mandate signing certificate first, then its issuers. */
	List<X509Certificate> mandateChain() {
		return List.of(this.mandateChain);
	}

	SecretKey personalDataKey() {
		return this.personalDataKey;
	}

	/**
	 * Personal-data keys used before the current one (aliases
	 * {@code personal-data-aes-retired-<date>}), newest first: what they wrapped stays
	 * readable while it is wrapped again with the current key (ADR 0109).
	 */
	List<SecretKey> retiredPersonalDataKeys() {
		return this.retiredPersonalDataKeys;
	}

	private static List<SecretKey> retiredSecretKeys(KeyStore keystore, String prefix, char[] password,
			SigningProperties properties) throws GeneralSecurityException {
		List<String> aliases = new ArrayList<>(Collections.list(keystore.aliases()));
		aliases.sort(Collections.reverseOrder());
		List<SecretKey> keys = new ArrayList<>();
		for (String alias : aliases) {
			if (alias.startsWith(prefix)) {
				keys.add(new SecretKeySpec(secretKey(keystore, alias, password, properties), "AES"));
			}
		}
		return List.copyOf(keys);
	}

	SecretKey pseudonymKey() {
		return this.pseudonymKey;
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
		}
		else if (properties.generateIfMissing()) {
			keystore.load(null, password);
		}
		else {
			throw new IllegalStateException("No keystore at " + path + " (set MANDAT_SIGNING_KEYSTORE)");
		}
		List<String> missing = new ArrayList<>();
		for (String alias : ALIASES) {
			if (!keystore.containsAlias(alias)) {
				missing.add(alias);
			}
		}
		if (missing.isEmpty()) {
			return keystore;
		}
		if (!properties.generateIfMissing()) {
			throw missingKey(properties, missing.get(0));
		}
		for (String alias : missing) {
			generate(keystore, alias, password, clock);
		}
		save(keystore, path, password);
		logger.info("Generated the keys {} in the keystore {}", missing, path);
		return keystore;
	}

	private static void generate(KeyStore keystore, String alias, char[] password, Clock clock)
			throws GeneralSecurityException {
		KeyStore.ProtectionParameter protection = new KeyStore.PasswordProtection(password);
		switch (alias) {
			case JOURNAL_ALIAS -> {
				KeyPair journal = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
				keystore.setKeyEntry(alias, journal.getPrivate(), password, new Certificate[] {
						LocalCertificates.selfSigned(journal, "CN=Mandat journal (local)", "Ed25519", clock) });
			}
			case MANDATE_ALIAS -> {
				KeyPair mandate = LocalCertificates.ecP256();
				keystore.setKeyEntry(alias, mandate.getPrivate(), password,
						LocalCertificates.signingChain(mandate, clock));
			}
			case PERSONAL_DATA_ALIAS ->
				keystore.setEntry(alias, new KeyStore.SecretKeyEntry(secretKey("AES")), protection);
			case PSEUDONYM_ALIAS ->
				keystore.setEntry(alias, new KeyStore.SecretKeyEntry(secretKey("HmacSHA256")), protection);
			default -> throw new IllegalArgumentException("Unknown key " + alias);
		}
	}

	private static SecretKey secretKey(String algorithm) throws GeneralSecurityException {
		KeyGenerator generator = KeyGenerator.getInstance(algorithm);
		generator.init(256);
		return generator.generateKey();
	}

	/** Written beside the target then moved, so a crash never leaves half a keystore. */
	private static void save(KeyStore keystore, Path path, char[] password)
			throws IOException, GeneralSecurityException {
		Path directory = path.toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Path temporary = Files.createTempFile(directory, "keystore", ".p12");
		try {
			try (OutputStream out = Files.newOutputStream(temporary)) {
				keystore.store(out, password);
			}
			Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static PrivateKey privateKey(KeyStore keystore, String alias, char[] password, SigningProperties properties)
			throws GeneralSecurityException {
		if (keystore.getKey(alias, password) instanceof PrivateKey key) {
			return key;
		}
		throw missingKey(properties, alias);
	}

	private static X509Certificate[] chain(KeyStore keystore, String alias, SigningProperties properties)
			throws GeneralSecurityException {
		Certificate[] chain = keystore.getCertificateChain(alias);
		if (chain == null || chain.length == 0 || !Arrays.stream(chain).allMatch(X509Certificate.class::isInstance)) {
			throw new IllegalStateException("The key " + alias + " in the keystore " + properties.keystore()
					+ " has no X.509 certificate chain (check MANDAT_SIGNING_KEYSTORE)");
		}
		return Arrays.stream(chain).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
	}

	private static byte[] secretKey(KeyStore keystore, String alias, char[] password, SigningProperties properties)
			throws GeneralSecurityException {
		Key key = keystore.getKey(alias, password);
		if (key instanceof SecretKey secret && secret.getEncoded() != null && secret.getEncoded().length == 32) {
			return secret.getEncoded();
		}
		throw new IllegalStateException("The keystore " + properties.keystore() + " has no 256-bit secret key " + alias
				+ " (check MANDAT_SIGNING_KEYSTORE)");
	}

	private static IllegalStateException missingKey(SigningProperties properties, String alias) {
		return new IllegalStateException("The keystore " + properties.keystore() + " has no key " + alias
				+ " (MANDAT_SIGNING_KEYSTORE must point at a keystore holding " + String.join(", ", ALIASES) + ")");
	}

}
