package fr.mandat.support;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/** Reads PDFs as a person or a standard tool would: pdfsig, the text, the QR code. */
public final class PdfDocuments {

	private PdfDocuments() {
	}

	/** What Debian's {@code pdfsig} (poppler-utils) says of the file's signatures. */
	public static String pdfsig(Path pdf) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(List.of("pdfsig", pdf.toString())).redirectErrorStream(true).start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("pdfsig did not finish");
		}
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	public static String text(Path pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			return new PDFTextStripper().getText(document);
		}
	}

	/** The text of the first QR code found, page by page. */
	public static String qrCode(Path pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			for (int page = 0; page < document.getNumberOfPages(); page++) {
				BufferedImage image = new PDFRenderer(document).renderImageWithDPI(page, 200);
				try {
					return new QRCodeReader()
						.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
						.getText();
				}
				catch (NotFoundException | ChecksumException | FormatException ex) {
					// Not on this page.
				}
			}
		}
		throw new IOException("No readable QR code in " + pdf);
	}

}
