package fr.mandat.signing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class NimbusServiceSignaturesTests {

	private static final byte[] PAYLOAD = "{\"mandat\":\"M-2026-0001\",\"démarche\":\"CAF\"}"
		.getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path directory;

	private ServiceKeystore keystore;

	private NimbusServiceSignatures signatures;

	@BeforeEach
	void keys() throws Exception {
		this.keystore = TestKeys.keystore(this.directory);
		this.signatures = new NimbusServiceSignatures(this.keystore);
	}

	@Test
	void verifiesWhatItSigned() throws Exception {
		String compact = this.signatures.signJws(PAYLOAD, "mandate+jws");

		assertThat(this.signatures.verifyJws(compact))
			.hasValueSatisfying(payload -> assertThat(payload).isEqualTo(PAYLOAD));
		JWSHeader header = JWSObject.parse(compact).getHeader();
		assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(header.getType()).isEqualTo(new JOSEObjectType("mandate+jws"));
		assertThat(header.getKeyID()).isEqualTo(kid());
		assertThat(header.getKeyID()).hasSize(43);
	}

	@Test
	void anyJoseLibraryVerifiesWithThePublishedKeys() throws Exception {
		String compact = this.signatures.signJws(PAYLOAD, "mandate+jws");
		String published = JsonMapper.builder().build().writeValueAsString(this.signatures.publicJwks());

		JWKSet jwks = JWKSet.parse(published);
		JWSObject jws = JWSObject.parse(compact);
		JWK jwk = jwks.getKeyByKeyId(jws.getHeader().getKeyID());

		assertThat(jwks.getKeys()).hasSize(1);
		assertThat(jwk).isInstanceOf(ECKey.class);
		assertThat(jwk.isPrivate()).isFalse();
		assertThat(published).doesNotContain("\"d\"");
		assertThat(jwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
		assertThat(jwk.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(jwk.getParsedX509CertChain()).isEqualTo(this.keystore.mandateChain());
		assertThat(jws.verify(new ECDSAVerifier(jwk.toECKey()))).isTrue();
		assertThat(jws.getPayload().toBytes()).isEqualTo(PAYLOAD);
	}

	@Test
	void rejectsATamperedPayload() throws Exception {
		String[] parts = this.signatures.signJws(PAYLOAD, "mandate+jws").split("\\.");
		String other = Base64URL.encode("{\"mandat\":\"M-2026-0002\",\"démarche\":\"CAF\"}").toString();

		assertThat(this.signatures.verifyJws(parts[0] + "." + other + "." + parts[2])).isEmpty();
	}

	@Test
	void rejectsATamperedHeader() throws Exception {
		String[] parts = this.signatures.signJws(PAYLOAD, "mandate+jws").split("\\.");
		JWSHeader header = JWSHeader.parse(Base64URL.from(parts[0]));
		String altered = new JWSHeader.Builder(header).type(new JOSEObjectType("other+jws"))
			.build()
			.toBase64URL()
			.toString();

		assertThat(this.signatures.verifyJws(altered + "." + parts[1] + "." + parts[2])).isEmpty();
	}

	@Test
	void rejectsAnUnsecuredJws() throws Exception {
		String kid = kid();
		String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}").toString();

		assertThat(this.signatures.verifyJws(header + "." + Base64URL.encode(PAYLOAD) + ".")).isEmpty();
		assertThat(this.signatures.verifyJws(header + "." + Base64URL.encode(PAYLOAD) + ".c2ln")).isEmpty();
	}

	@Test
	void rejectsAnHmacMadeWithThePublicKeyAsSecret() throws Exception {
		JWSObject forged = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid()).build(),
				new Payload(PAYLOAD));
		forged.sign(new MACSigner(this.keystore.mandateChain().get(0).getPublicKey().getEncoded()));

		assertThat(this.signatures.verifyJws(forged.serialize())).isEmpty();
	}

	@Test
	void rejectsASignatureFromAnotherKeyWithTheSameKid() throws Exception {
		KeyPair other = LocalCertificates.ecP256();
		JWSObject forged = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid()).build(),
				new Payload(PAYLOAD));
		forged.sign(new ECDSASigner((ECPrivateKey) other.getPrivate()));

		assertThat(this.signatures.verifyJws(forged.serialize())).isEmpty();
	}

	@Test
	void rejectsAnUnknownKidAndGarbage() {
		String[] parts = this.signatures.signJws(PAYLOAD, "mandate+jws").split("\\.");
		String header = Base64URL.encode("{\"alg\":\"ES256\",\"kid\":\"someone-else\",\"typ\":\"mandate+jws\"}")
			.toString();

		assertThat(this.signatures.verifyJws(header + "." + parts[1] + "." + parts[2])).isEmpty();
		assertThat(this.signatures.verifyJws("not a jws")).isEmpty();
		assertThat(this.signatures.verifyJws("")).isEmpty();
	}

	@Test
	void publishesOnlyPublicValues() {
		Map<String, Object> jwks = this.signatures.publicJwks();

		assertThat(jwks).containsOnlyKeys("keys");
		assertThat(jwks.get("keys")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.singleElement()
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("kty", "EC")
			.containsEntry("crv", "P-256")
			.containsEntry("use", "sig")
			.containsEntry("alg", "ES256")
			.containsEntry("kid", kid())
			.containsKeys("x", "y", "x5c")
			.doesNotContainKey("d");
	}

	private String kid() {
		try {
			return ecKey(this.keystore.mandateChain().get(0).getPublicKey()).computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ECKey ecKey(PublicKey key) {
		return new ECKey.Builder(Curve.P_256, (ECPublicKey) key).build();
	}

	@Test
	void afterARotationTheOldKeysSignaturesStillVerifyAndBothKeysArePublished() throws Exception {
		String signedBefore = this.signatures.signJws(PAYLOAD, "mandate+jws");
		String oldKeyId = JWSObject.parse(signedBefore).getHeader().getKeyID();
		// The operator's rotation (docs/operations.md): the current key becomes a retired
		// one, kept by its certificate only, and a new key takes its alias.
		Path file = TestKeys.properties(this.directory, true, null).keystore();
		java.security.KeyStore stored = TestKeys.read(file);
		stored.setCertificateEntry(ServiceKeystore.RETIRED_MANDATE_PREFIX + "2026-01",
				stored.getCertificate(ServiceKeystore.MANDATE_ALIAS));
		stored.deleteEntry(ServiceKeystore.MANDATE_ALIAS);
		TestKeys.write(stored, file);

		NimbusServiceSignatures rotated = new NimbusServiceSignatures(TestKeys.keystore(this.directory));
		String signedAfter = rotated.signJws(PAYLOAD, "mandate+jws");

		assertThat(JWSObject.parse(signedAfter).getHeader().getKeyID()).isNotEqualTo(oldKeyId);
		assertThat(rotated.verifyJws(signedBefore)).as("a mandate signed before the rotation").isPresent();
		assertThat(rotated.verifyJws(signedAfter)).isPresent();
		JWKSet published = JWKSet.parse(rotated.publicJwks());
		assertThat(published.getKeys()).extracting(JWK::getKeyID)
			.containsExactly(JWSObject.parse(signedAfter).getHeader().getKeyID(), oldKeyId);
		assertThat(published.getKeys()).allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
		// The key before rotation knows nothing of the new one.
		assertThat(this.signatures.verifyJws(signedAfter)).isEmpty();
	}

}
