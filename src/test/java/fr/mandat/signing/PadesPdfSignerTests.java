package fr.mandat.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import eu.europa.esig.dss.cades.validation.CAdESSignature;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import fr.mandat.local.LocalTimestampAuthority;
import org.apache.pdfbox.Loader;
import org.bouncycastle.asn1.ASN1InputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Signs with DSS and checks with two independent verifiers: poppler's {@code pdfsig} (the
 * Debian package poppler-utils) and DSS's own validator.
 */
class PadesPdfSignerTests {

	private static final Path PDFSIG = Path.of("/usr/bin/pdfsig");

	private static final String REASON = "Attestation de mandat signée par le service Mandat";

	private static final String VALID = "Signature Validation: Signature is Valid.";

	private static final String WHOLE_DOCUMENT = "Total document signed";

	@TempDir
	Path directory;

	private ServiceKeystore keystore;

	@BeforeEach
	void keys() {
		// The system clock: the time-stamp authority dates its tokens with it too.
		this.keystore = TestKeys.keystore(TestKeys.properties(this.directory, true, null), Clock.systemUTC());
	}

	@Test
	void signsAsBaselineBWithoutTimeStampAuthority() throws Exception {
		PadesPdfSigner signer = signer(null);

		byte[] signed = signer.sign(unsignedPdf(), REASON);

		assertThat(signer.level().toString()).isEqualTo("PAdES-BASELINE-B");
		assertThat(pdfsig(signed)).contains(VALID).contains(WHOLE_DOCUMENT);
		CAdESSignature signature = onlySignature(signed);
		assertThat(signature.getSignatureTimestamps()).isEmpty();
		assertThat(signature.getCertificates()).extracting(CertificateToken::getCertificate)
			.containsAll(this.keystore.mandateChain());
		signature.checkSignatureIntegrity();
		assertThat(signature.getSignatureCryptographicVerification().isSignatureValid()).isTrue();
		PDSignature dictionary = signatureDictionary(signed);
		assertThat(dictionary.getReason()).isEqualTo(REASON);
		assertThat(dictionary.getLocation()).isEqualTo("France");
		assertThat(dictionary.getName()).isEqualTo("Mandat service de signature (local)");
		assertThat(dictionary.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
	}

	@Test
	void signsAsBaselineTWithATimeStampAuthority() throws Exception {
		try (LocalTimestampAuthority authority = LocalTimestampAuthority.start(0)) {
			PadesPdfSigner signer = signer(authority.url());

			byte[] signed = signer.sign(unsignedPdf(), REASON);

			assertThat(signer.level().toString()).isEqualTo("PAdES-BASELINE-T");
			assertThat(pdfsig(signed)).contains(VALID).contains(WHOLE_DOCUMENT);
			CAdESSignature signature = onlySignature(signed);
			signature.checkSignatureIntegrity();
			assertThat(signature.getSignatureCryptographicVerification().isSignatureValid()).isTrue();
			assertThat(signature.getSignatureTimestamps()).singleElement()
				.satisfies(timestamp -> assertThat(timestamp.isSignedBy(new CertificateToken(authority.certificate())))
					.isTrue());
		}
	}

	@Test
	void failsWhenTheTimeStampAuthorityIsUnreachable() throws Exception {
		int port;
		try (LocalTimestampAuthority authority = LocalTimestampAuthority.start(0)) {
			port = authority.port();
		}
		PadesPdfSigner signer = signer("http://localhost:" + port + "/tsa");
		byte[] unsigned = unsignedPdf();

		assertThatIllegalStateException().isThrownBy(() -> signer.sign(unsigned, REASON))
			.withMessageContaining("PAdES-BASELINE-T");
	}

	@Test
	void pdfsigRejectsADocumentAlteredAfterSigning() throws Exception {
		byte[] signed = signer(null).sign(unsignedPdf(), REASON);
		byte[] altered = signed.clone();
		int position = insideFirstSignedRange(signed);
		altered[position] ^= 0x01;

		String report = pdfsig(altered);

		assertThat(report).doesNotContain(VALID).contains("Digest Mismatch");
		assertThat(pdfsig(signed)).contains(VALID);
	}

	private PadesPdfSigner signer(@Nullable String tsaUrl) {
		return new PadesPdfSigner(this.keystore, TestKeys.properties(this.directory, false, tsaUrl), Clock.systemUTC());
	}

	/**
	 * The document's only signature, read by DSS's validator as a detached CAdES
	 * signature over the signed byte ranges. DSS 6.4's PDF reader cannot be used with
	 * Bouncy Castle 1.86, which refuses the zero padding after the CMS in
	 * {@code /Contents} (bcgit/bc-java#2360), so PDFBox extracts the CMS and the padding
	 * is cut here.
	 */
	private static CAdESSignature onlySignature(byte[] signed) throws IOException {
		try (PDDocument document = Loader.loadPDF(signed)) {
			List<PDSignature> signatures = document.getSignatureDictionaries();
			assertThat(signatures).hasSize(1);
			PDSignature signature = signatures.get(0);
			SignedDocumentValidator validator = SignedDocumentValidator
				.fromDocument(new InMemoryDocument(withoutPadding(signature.getContents(signed))));
			validator.setCertificateVerifier(new CommonCertificateVerifier());
			validator.setDetachedContents(List.of(new InMemoryDocument(signature.getSignedContent(signed))));
			assertThat(validator.getSignatures()).singleElement().isInstanceOf(CAdESSignature.class);
			return (CAdESSignature) validator.getSignatures().get(0);
		}
	}

	private static PDSignature signatureDictionary(byte[] signed) throws IOException {
		try (PDDocument document = Loader.loadPDF(signed)) {
			return document.getSignatureDictionaries().get(0);
		}
	}

	private static byte[] withoutPadding(byte[] contents) throws IOException {
		ByteArrayInputStream in = new ByteArrayInputStream(contents);
		try (ASN1InputStream asn1 = new ASN1InputStream(in)) {
			asn1.readObject();
		}
		byte[] cms = Arrays.copyOf(contents, contents.length - in.available());
		assertThat(Arrays.copyOfRange(contents, cms.length, contents.length)).containsOnly(0);
		return cms;
	}

	/** A byte of the page's content stream, well inside the first signed range. */
	private static int insideFirstSignedRange(byte[] signed) {
		String text = new String(signed, StandardCharsets.ISO_8859_1);
		Matcher range = Pattern.compile("/ByteRange\\s*\\[\\s*(\\d+)\\s+(\\d+)").matcher(text);
		assertThat(range.find()).isTrue();
		int start = Integer.parseInt(range.group(1));
		int length = Integer.parseInt(range.group(2));
		int position = text.indexOf("Attestation");
		assertThat(position).isBetween(start, start + length - 1);
		return position;
	}

	private static byte[] unsignedPdf() throws IOException {
		try (PDDocument document = new PDDocument()) {
			PDPage page = new PDPage();
			document.addPage(page);
			try (PDPageContentStream content = new PDPageContentStream(document, page,
					PDPageContentStream.AppendMode.OVERWRITE, false)) {
				content.beginText();
				content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
				content.newLineAtOffset(72, 700);
				content.showText("Attestation de mandat - document de test");
				content.endText();
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
	}

	private String pdfsig(byte[] pdf) throws IOException, InterruptedException {
		assertThat(PDFSIG).as("pdfsig from the Debian package poppler-utils").isExecutable();
		Path file = Files.createTempFile(this.directory, "signed", ".pdf");
		Files.write(file, pdf);
		Path output = Files.createTempFile(this.directory, "pdfsig", ".txt");
		Process process = new ProcessBuilder(PDFSIG.toString(), file.toString()).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("pdfsig did not finish within 30 s");
		}
		String report = Files.readString(output, StandardCharsets.UTF_8);
		System.out.println("pdfsig " + file.getFileName() + " (exit " + process.exitValue() + "):\n" + report);
		return report;
	}

}
