package fr.mandat.signing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for keys generated locally (local stack and tests). Production keystores
 * are prepared beforehand with certificates from a real authority.
 */
final class LocalCertificates {

	static final Duration VALIDITY = Duration.ofDays(3650);

	static final String ROOT_SUBJECT = "CN=Mandat autorité de certification locale, O=Mandat (développement)";

	static final String MANDATE_SUBJECT = "CN=Mandat service de signature (local), O=Mandat";

	private static final SecureRandom RANDOM = new SecureRandom();

	private LocalCertificates() {
	}

	static KeyPair ecP256() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	static X509Certificate selfSigned(KeyPair pair, String subject, String signatureAlgorithm, Clock clock)
			throws GeneralSecurityException {
		X500Name name = name(subject);
		return sign(builder(name, name, pair, clock), signatureAlgorithm, pair);
	}

	/**
	 * A local signing chain: a fresh root authority issuing the end-entity certificate of
	 * the given key. The root's private key is not kept.
	 * @return the end-entity certificate, then the root's
	 */
	static X509Certificate[] signingChain(KeyPair endEntity, Clock clock) throws GeneralSecurityException {
		KeyPair root = ecP256();
		X500Name rootName = name(ROOT_SUBJECT);
		JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
		try {
			X509Certificate rootCertificate = sign(builder(rootName, rootName, root, clock)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
				.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(root.getPublic())),
					"SHA256withECDSA", root);
			X509Certificate endEntityCertificate = sign(builder(rootName, name(MANDATE_SUBJECT), endEntity, clock)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
				.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
				.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(endEntity.getPublic()))
				.addExtension(Extension.authorityKeyIdentifier, false,
						extensions.createAuthorityKeyIdentifier(rootCertificate)),
					"SHA256withECDSA", root);
			return new X509Certificate[] { endEntityCertificate, rootCertificate };
		}
		catch (CertIOException ex) {
			throw new GeneralSecurityException("Could not make the signing chain", ex);
		}
	}

	/**
	 * Through the JDK's parser, so that the name is encoded most general first (O, then
	 * CN) and reads back as written.
	 */
	private static X500Name name(String distinguishedName) {
		return X500Name.getInstance(new X500Principal(distinguishedName).getEncoded());
	}

	private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectPair,
			Clock clock) {
		Instant now = clock.instant();
		return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(now),
				Date.from(now.plus(VALIDITY)), subject, subjectPair.getPublic());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, String algorithm, KeyPair issuer)
			throws GeneralSecurityException {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuer.getPrivate())));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException("Could not make a certificate", ex);
		}
	}

}
