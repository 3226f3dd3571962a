package fr.mandat.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.util.BigIntegers;

/**
 * ES256 for Nimbus JOSE with Bouncy Castle's lightweight ECDSA, on curve parameters read
 * once. Through a JCA provider, every signature converts the key again, with a new
 * generator point, so Bouncy Castle recomputed its table of multiples of the generator
 * for each one: most of a delegation token's cost (ADR 0099). Here the table is computed
 * on the first signature and kept with the parameters. The nonce is derived from the key
 * and the message (RFC 6979), so no random source is needed per signature; the signatures
 * are standard ES256 and verify with any library.
 */
final class Es256Signer implements JWSSigner {

	private static final int COORDINATE_LENGTH = 32;

	private final ECPrivateKeyParameters key;

	private final JCAContext jcaContext = new JCAContext();

	Es256Signer(PrivateKey privateKey) {
		AsymmetricKeyParameter parameters;
		try {
			parameters = PrivateKeyFactory.createKey(privateKey.getEncoded());
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Not a readable EC private key", ex);
		}
		if (!(parameters instanceof ECPrivateKeyParameters ec)
				|| !(ec.getParameters() instanceof ECNamedDomainParameters named)
				|| !SECObjectIdentifiers.secp256r1.equals(named.getName())) {
			throw new IllegalStateException("ES256 needs a P-256 private key");
		}
		this.key = ec;
	}

	@Override
	public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
		if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
			throw new JOSEException("Only ES256 is signed here, not " + header.getAlgorithm());
		}
		SHA256Digest digest = new SHA256Digest();
		digest.update(signingInput, 0, signingInput.length);
		byte[] hash = new byte[digest.getDigestSize()];
		digest.doFinal(hash, 0);
		ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
		signer.init(true, this.key);
		BigInteger[] rs = signer.generateSignature(hash);
		// JWS takes R and S as two fixed-length big-endian integers (RFC 7518, 3.4).
		byte[] signature = new byte[2 * COORDINATE_LENGTH];
		BigIntegers.asUnsignedByteArray(rs[0], signature, 0, COORDINATE_LENGTH);
		BigIntegers.asUnsignedByteArray(rs[1], signature, COORDINATE_LENGTH, COORDINATE_LENGTH);
		return Base64URL.encode(signature);
	}

	@Override
	public Set<JWSAlgorithm> supportedJWSAlgorithms() {
		return Set.of(JWSAlgorithm.ES256);
	}

	@Override
	public JCAContext getJCAContext() {
		return this.jcaContext;
	}

}
