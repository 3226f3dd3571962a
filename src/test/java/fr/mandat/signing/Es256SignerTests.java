package fr.mandat.signing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.HexFormat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class Es256SignerTests {

	private static final JWSHeader ES256 = new JWSHeader(JWSAlgorithm.ES256);

	private static final HexFormat HEX = HexFormat.of();

	/**
	 * RFC 6979, A.2.5: P-256, SHA-256, message "sample". The nonce comes from the key and
	 * the message, so the signature is exactly the published one.
	 */
	@Test
	void signsTheRfc6979TestVector() throws Exception {
		PrivateKey key = p256Key(
				new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16));

		byte[] signature = new Es256Signer(key).sign(ES256, "sample".getBytes(StandardCharsets.US_ASCII)).decode();

		assertThat(HEX.formatHex(signature))
			.isEqualToIgnoringCase("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
					+ "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
	}

	/**
	 * The JDK's own verifier accepts every signature, including those whose R or S is
	 * shorter than 32 bytes (padded on the left to the fixed length JWS requires).
	 */
	@Test
	void theJdksVerifierAcceptsSignaturesWithShortCoordinates() throws Exception {
		KeyPair pair = LocalCertificates.ecP256();
		Es256Signer signer = new Es256Signer(pair.getPrivate());
		Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
		int shortOnes = 0;
		for (int i = 0; shortOnes < 2; i++) {
			byte[] input = ("jeton-" + i).getBytes(StandardCharsets.UTF_8);
			byte[] signature = new Es256Signer(pair.getPrivate()).sign(ES256, input).decode();
			assertThat(signature).hasSize(64);
			assertThat(signer.sign(ES256, input).decode()).as("the same signature for the same input")
				.isEqualTo(signature);
			verifier.initVerify(pair.getPublic());
			verifier.update(input);
			assertThat(verifier.verify(signature)).as("signature %d", i).isTrue();
			if (signature[0] == 0 || signature[32] == 0) {
				shortOnes++;
			}
		}
		assertThat(shortOnes).isEqualTo(2);
	}

	@Test
	void refusesAnotherAlgorithmOrCurve() throws Exception {
		Es256Signer signer = new Es256Signer(LocalCertificates.ecP256().getPrivate());
		assertThatExceptionOfType(JOSEException.class)
			.isThrownBy(() -> signer.sign(new JWSHeader(JWSAlgorithm.ES384), new byte[] { 1 }));

		KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
		p384.initialize(new ECGenParameterSpec("secp384r1"));
		PrivateKey other = p384.generateKeyPair().getPrivate();
		assertThatIllegalStateException().isThrownBy(() -> new Es256Signer(other)).withMessageContaining("P-256");
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(2048);
		PrivateKey rsaKey = rsa.generateKeyPair().getPrivate();
		assertThatIllegalStateException().isThrownBy(() -> new Es256Signer(rsaKey));
	}

	private static PrivateKey p256Key(BigInteger secret) throws Exception {
		AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
		parameters.init(new ECGenParameterSpec("secp256r1"));
		ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
		return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(secret, spec));
	}

}
