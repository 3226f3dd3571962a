package fr.mandat.signing;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64;

import org.springframework.stereotype.Component;

/** ES256 signatures with the {@code mandate-es256} key, through Nimbus JOSE. */
@Component
class NimbusServiceSignatures implements ServiceSignatures {

	private final ECKey publicJwk;

	private final JWSSigner signer;

	/** The current key's verifier and each retired key's, by key id. */
	private final Map<String, ECDSAVerifier> verifiers;

	/** The current key first, then the retired ones. */
	private final JWKSet published;

	NimbusServiceSignatures(ServiceKeystore keystore) throws JOSEException {
		List<X509Certificate> chain = keystore.mandateChain();
		if (!(chain.get(0).getPublicKey() instanceof ECPublicKey publicKey)
				|| !(keystore.mandatePrivateKey() instanceof ECPrivateKey privateKey)) {
			throw new IllegalStateException("The key " + ServiceKeystore.MANDATE_ALIAS + " is not an EC key");
		}
		this.publicJwk = new ECKey.Builder(Curve.P_256, publicKey).keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.ES256)
			.x509CertChain(encoded(chain))
			.keyIDFromThumbprint()
			.build();
		// A delegation token is signed on every démarche (ADR 0099).
		this.signer = new Es256Signer(privateKey);
		Map<String, ECDSAVerifier> byKeyId = new LinkedHashMap<>();
		List<JWK> keys = new ArrayList<>();
		byKeyId.put(this.publicJwk.getKeyID(), new ECDSAVerifier(publicKey));
		keys.add(this.publicJwk);
		for (X509Certificate retired : keystore.retiredMandateCertificates()) {
			if (!(retired.getPublicKey() instanceof ECPublicKey retiredKey)) {
				throw new IllegalStateException("A retired mandate key is not an EC key");
			}
			ECKey jwk = new ECKey.Builder(Curve.P_256, retiredKey).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.x509CertChain(encoded(List.of(retired)))
				.keyIDFromThumbprint()
				.build();
			byKeyId.putIfAbsent(jwk.getKeyID(), new ECDSAVerifier(retiredKey));
			keys.add(jwk);
		}
		this.verifiers = Map.copyOf(byKeyId);
		this.published = new JWKSet(keys);
	}

	@Override
	public String signJws(byte[] payload, String type) {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.publicJwk.getKeyID())
			.type(new JOSEObjectType(type))
			.build();
		JWSObject jws = new JWSObject(header, new Payload(payload));
		try {
			jws.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign with " + ServiceKeystore.MANDATE_ALIAS, ex);
		}
		return jws.serialize();
	}

	@Override
	public Optional<byte[]> verifyJws(String compact) {
		try {
			JWSObject jws = JWSObject.parse(compact);
			JWSHeader header = jws.getHeader();
			ECDSAVerifier verifier = (header.getKeyID() != null) ? this.verifiers.get(header.getKeyID()) : null;
			if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || verifier == null || !jws.verify(verifier)) {
				return Optional.empty();
			}
			return Optional.of(jws.getPayload().toBytes());
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			return Optional.empty();
		}
	}

	@Override
	public Map<String, Object> publicJwks() {
		return this.published.toJSONObject(true);
	}

	private static List<Base64> encoded(List<X509Certificate> chain) {
		List<Base64> encoded = new ArrayList<>();
		for (X509Certificate certificate : chain) {
			try {
				encoded.add(Base64.encode(certificate.getEncoded()));
			}
			catch (CertificateEncodingException ex) {
				throw new IllegalStateException("Could not encode a certificate of the signing chain", ex);
			}
		}
		return encoded;
	}

}
