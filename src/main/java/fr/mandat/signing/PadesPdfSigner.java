package fr.mandat.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.service.http.commons.TimestampDataLoader;
import eu.europa.esig.dss.service.tsp.OnlineTSPSource;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.token.AbstractSignatureTokenConnection;
import eu.europa.esig.dss.token.DSSPrivateKeyEntry;
import eu.europa.esig.dss.token.KSPrivateKeyEntry;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import org.springframework.stereotype.Component;

/**
 * PAdES signatures with the {@code mandate-es256} key and its chain, through EU DSS on
 * PDFBox: B-T when a time-stamp authority is configured, B-B otherwise.
 */
@Component
class PadesPdfSigner implements PdfSigner {

	static final String LOCATION = "France";

	private static final Duration TSA_TIMEOUT = Duration.ofSeconds(10);

	private final Clock clock;

	private final KSPrivateKeyEntry key;

	private final InMemoryToken token;

	private final PAdESService service;

	private final SignatureLevel level;

	private final String signerName;

	PadesPdfSigner(ServiceKeystore keystore, SigningProperties properties, Clock clock) {
		this.clock = clock;
		List<X509Certificate> chain = keystore.mandateChain();
		this.key = new KSPrivateKeyEntry(ServiceKeystore.MANDATE_ALIAS,
				new KeyStore.PrivateKeyEntry(keystore.mandatePrivateKey(), chain.toArray(X509Certificate[]::new)));
		this.token = new InMemoryToken(this.key);
		this.signerName = commonName(chain.get(0));
		this.service = new PAdESService(new CommonCertificateVerifier());
		this.service.setPdfObjFactory(new PdfBoxNativeObjectFactory());
		this.level = properties.timestampAuthority().map(url -> {
			this.service.setTspSource(timestampAuthority(url));
			return SignatureLevel.PAdES_BASELINE_T;
		}).orElse(SignatureLevel.PAdES_BASELINE_B);
	}

	@Override
	public byte[] sign(byte[] pdf, String reason) {
		PAdESSignatureParameters parameters = new PAdESSignatureParameters();
		parameters.setSignatureLevel(this.level);
		parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
		parameters.setSigningCertificate(this.key.getCertificate());
		parameters.setCertificateChain(this.key.getCertificateChain());
		parameters.bLevel().setSigningDate(Date.from(this.clock.instant()));
		parameters.setReason(reason);
		parameters.setLocation(LOCATION);
		parameters.setSignerName(this.signerName);
		DSSDocument document = new InMemoryDocument(pdf);
		try {
			ToBeSigned toBeSigned = this.service.getDataToSign(document, parameters);
			SignatureValue value = this.token.sign(toBeSigned, parameters.getDigestAlgorithm(), this.key);
			return bytes(this.service.signDocument(document, parameters, value));
		}
		catch (DSSException | IOException ex) {
			throw new IllegalStateException("Could not sign the PDF document (" + this.level + ")", ex);
		}
	}

	SignatureLevel level() {
		return this.level;
	}

	private static OnlineTSPSource timestampAuthority(String url) {
		TimestampDataLoader loader = new TimestampDataLoader();
		int timeout = (int) TSA_TIMEOUT.toMillis();
		loader.setTimeoutConnection(timeout);
		loader.setTimeoutConnectionRequest(timeout);
		loader.setTimeoutResponse(timeout);
		loader.setTimeoutSocket(timeout);
		return new OnlineTSPSource(url, loader);
	}

	private static byte[] bytes(DSSDocument document) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		document.writeTo(out);
		return out.toByteArray();
	}

	private static String commonName(X509Certificate certificate) {
		RDN[] names = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
		if (names.length == 0) {
			return certificate.getSubjectX500Principal().getName();
		}
		return IETFUtils.valueToString(names[0].getFirst().getValue());
	}

	/** A DSS token over the key already loaded from the service keystore. */
	private static final class InMemoryToken extends AbstractSignatureTokenConnection {

		private final DSSPrivateKeyEntry key;

		InMemoryToken(DSSPrivateKeyEntry key) {
			this.key = key;
		}

		@Override
		public List<DSSPrivateKeyEntry> getKeys() {
			return List.of(this.key);
		}

		@Override
		public void close() {
		}

	}

}
