package fr.mandat.local;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalTimestampAuthorityTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void answersAnRfc3161RequestWithAValidToken() throws Exception {
		byte[] imprint = MessageDigest.getInstance("SHA-256").digest("attestation".getBytes());
		BigInteger nonce = BigInteger.valueOf(0x5eed_cafeL);
		TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
		generator.setCertReq(true);
		TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, imprint, nonce);

		try (LocalTimestampAuthority authority = LocalTimestampAuthority.start(0)) {
			HttpResponse<byte[]> reply = this.http.send(HttpRequest.newBuilder(URI.create(authority.url()))
				.header("Content-Type", "application/timestamp-query")
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded()))
				.build(), HttpResponse.BodyHandlers.ofByteArray());

			assertThat(reply.statusCode()).isEqualTo(200);
			assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/timestamp-reply");
			TimeStampResponse response = new TimeStampResponse(reply.body());
			response.validate(request);
			assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
			TimeStampToken token = response.getTimeStampToken();
			token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(authority.certificate()));
			assertThat(token.getTimeStampInfo().getNonce()).isEqualTo(nonce);
			assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(imprint);
			assertThat(token.getTimeStampInfo().getMessageImprintAlgOID()).isEqualTo(TSPAlgorithms.SHA256);
			X509Certificate certificate = authority.certificate();
			assertThat(certificate.getExtendedKeyUsage()).isEqualTo(List.of(KeyPurposeId.id_kp_timeStamping.getId()));
			assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.37");
			certificate.verify(authority.rootCertificate().getPublicKey());
		}
	}

	@Test
	void refusesWhatIsNotATimeStampQuery() throws Exception {
		try (LocalTimestampAuthority authority = LocalTimestampAuthority.start(0)) {
			HttpResponse<Void> reply = this.http.send(HttpRequest.newBuilder(URI.create(authority.url()))
				.header("Content-Type", "application/timestamp-query")
				.POST(HttpRequest.BodyPublishers.ofString("not DER"))
				.build(), HttpResponse.BodyHandlers.discarding());

			assertThat(reply.statusCode()).isEqualTo(400);
		}
	}

}
