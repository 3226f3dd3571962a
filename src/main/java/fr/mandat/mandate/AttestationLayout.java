package fr.mandat.mandate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.google.zxing.common.BitMatrix;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.jspecify.annotations.Nullable;

import static fr.mandat.mandate.AttestationRenderer.AIDANT_SIGNATURE;
import static fr.mandat.mandate.AttestationRenderer.USAGER_SIGNATURE;
import static fr.mandat.mandate.AttestationRenderer.VERIFY_CAPTION;

/**
 * Lays blocks out from the top of the page down, starting a new page when a block does
 * not fit above the footer.
 */
final class AttestationLayout implements AutoCloseable {

	private static final float MARGIN = 50;

	private static final float FOOTER_HEIGHT = 40;

	private static final float QR_SIZE = 110;

	private static final float GREY = 0.35f;

	private final PDDocument document;

	final AttestationFonts.Embedded fonts;

	private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;

	private final float top = PDRectangle.A4.getHeight() - MARGIN;

	private final float bottom = MARGIN + FOOTER_HEIGHT - 20;

	private @Nullable PDPageContentStream stream;

	private float y;

	AttestationLayout(PDDocument document, AttestationFonts.Embedded fonts) throws IOException {
		this.document = document;
		this.fonts = fonts;
		newPage();
	}

	private void newPage() throws IOException {
		if (this.stream != null) {
			this.stream.close();
		}
		PDPage page = new PDPage(PDRectangle.A4);
		this.document.addPage(page);
		this.stream = new PDPageContentStream(this.document, page);
		this.y = this.top;
	}

	private PDPageContentStream stream() {
		if (this.stream == null) {
			throw new IllegalStateException("No page");
		}
		return this.stream;
	}

	/** Makes room for a block of the given height, on a new page if need be. */
	private void ensure(float height) throws IOException {
		if (this.y - height < this.bottom) {
			newPage();
		}
	}

	void title(String text) throws IOException {
		float size = 16;
		List<String> lines = wrap(this.fonts.bold, size, this.fonts.printable(this.fonts.bold, text), this.width);
		for (String line : lines) {
			ensure(size * 1.25f);
			this.y -= size;
			show(stream(), this.fonts.bold, size, MARGIN, this.y, line);
			this.y -= size * 0.25f;
		}
		this.y -= 4;
		stream().setLineWidth(1.5f);
		stream().setStrokingColor(0f);
		stream().moveTo(MARGIN, this.y);
		stream().lineTo(MARGIN + this.width, this.y);
		stream().stroke();
		this.y -= 10;
	}

	void heading(String text) throws IOException {
		float size = 11.5f;
		// Keep a heading with at least two lines of what follows.
		ensure(size + 8 + 2 * 13);
		this.y -= 8 + size;
		show(stream(), this.fonts.bold, size, MARGIN, this.y, this.fonts.printable(this.fonts.bold, text));
		this.y -= 5;
	}

	void paragraph(PDFont font, float size, String text) throws IOException {
		lines(font, size, MARGIN, this.width, this.fonts.printable(font, text));
		this.y -= 4;
	}

	private void lines(PDFont font, float size, float x, float width, String text) throws IOException {
		float leading = size * 1.3f;
		for (String line : wrap(font, size, text, width)) {
			ensure(leading);
			this.y -= leading;
			show(stream(), font, size, x, this.y + (leading - size) / 2, line);
		}
	}

	void labelled(String label, String value) throws IOException {
		float size = 10;
		String printableLabel = this.fonts.printable(this.fonts.bold, label);
		float labelWidth = width(this.fonts.bold, size, printableLabel);
		float leading = size * 1.3f;
		ensure(leading);
		List<String> lines = wrap(this.fonts.regular, size, this.fonts.printable(this.fonts.regular, value),
				this.width - labelWidth);
		show(stream(), this.fonts.bold, size, MARGIN, this.y - leading + (leading - size) / 2, printableLabel);
		for (String line : lines) {
			ensure(leading);
			this.y -= leading;
			show(stream(), this.fonts.regular, size, MARGIN + labelWidth, this.y + (leading - size) / 2, line);
		}
	}

	/**
	 * A bulleted list; in two columns (down the first, then the second) when it is long
	 * and every item fits in a column.
	 */
	void bullets(List<String> items) throws IOException {
		float size = 10;
		float indent = 18;
		float gap = 12;
		float columnWidth = (this.width - gap) / 2 - indent;
		List<String> printable = new ArrayList<>();
		boolean twoColumns = items.size() > 4;
		for (String item : items) {
			String text = this.fonts.printable(this.fonts.regular, item);
			printable.add(text);
			twoColumns &= width(this.fonts.regular, size, text) <= columnWidth;
		}
		if (!twoColumns) {
			for (String text : printable) {
				bullet(MARGIN, this.width - indent, text);
			}
			return;
		}
		int rows = (printable.size() + 1) / 2;
		float leading = size * 1.3f;
		ensure(rows * leading);
		float startY = this.y;
		for (int i = 0; i < printable.size(); i++) {
			if (i == rows) {
				this.y = startY;
			}
			bullet((i < rows) ? MARGIN : MARGIN + (this.width + gap) / 2, columnWidth, printable.get(i));
		}
		this.y = startY - rows * leading;
	}

	private void bullet(float x, float textWidth, String text) throws IOException {
		float size = 10;
		float leading = size * 1.3f;
		ensure(leading);
		show(stream(), this.fonts.regular, size, x + 6, this.y - leading + (leading - size) / 2, "•");
		lines(this.fonts.regular, size, x + 18, textWidth, text);
	}

	void signatureBoxes() throws IOException {
		float height = 85;
		float gap = 20;
		ensure(height + 14);
		this.y -= 14;
		float boxWidth = (this.width - gap) / 2;
		box(MARGIN, boxWidth, height, USAGER_SIGNATURE);
		box(MARGIN + boxWidth + gap, boxWidth, height, AIDANT_SIGNATURE);
		this.y -= height;
	}

	private void box(float x, float boxWidth, float height, String caption) throws IOException {
		PDPageContentStream stream = stream();
		stream.setStrokingColor(0f);
		stream.setLineWidth(0.8f);
		stream.addRect(x, this.y - height, boxWidth, height);
		stream.stroke();
		show(stream, this.fonts.bold, 9.5f, x + 8, this.y - 14, caption);
		show(stream, this.fonts.regular, 9, x + 8, this.y - height + 10, "Date : ____ / ____ / ________");
	}

	void verificationBlock(BitMatrix qr, String url, String mandateId, String digest) throws IOException {
		float padding = 12;
		float urlSize = 8;
		List<String> urlLines = wrap(this.fonts.mono, urlSize, this.fonts.printable(this.fonts.mono, url),
				this.width - 2 * padding);
		float height = padding + QR_SIZE + 16 + urlLines.size() * (urlSize + 3) + padding - 2;
		ensure(height + 14);
		this.y -= 14;
		PDPageContentStream stream = stream();
		float boxTop = this.y;
		stream.setStrokingColor(GREY);
		stream.setLineWidth(0.8f);
		stream.addRect(MARGIN, boxTop - height, this.width, height);
		stream.stroke();

		// The QR code, in vector form; the padding and the text's offset keep a quiet
		// zone of well over four modules around it.
		float qrX = MARGIN + padding + 4;
		float qrTop = boxTop - padding;
		float module = QR_SIZE / qr.getWidth();
		stream.setNonStrokingColor(0f);
		for (int row = 0; row < qr.getHeight(); row++) {
			int column = 0;
			while (column < qr.getWidth()) {
				if (!qr.get(column, row)) {
					column++;
					continue;
				}
				int start = column;
				while (column < qr.getWidth() && qr.get(column, row)) {
					column++;
				}
				stream.addRect(qrX + start * module, qrTop - (row + 1) * module, (column - start) * module, module);
			}
		}
		stream.fill();
		float captionSize = 10;
		float captionWidth = width(this.fonts.bold, captionSize, VERIFY_CAPTION);
		show(stream, this.fonts.bold, captionSize, qrX + (QR_SIZE - captionWidth) / 2, qrTop - QR_SIZE - 13,
				VERIFY_CAPTION);

		// Beside the code: how to verify, the mandate and its digest.
		float textX = qrX + QR_SIZE + 28;
		float textWidth = MARGIN + this.width - padding - textX;
		float savedY = this.y;
		this.y = qrTop + 2;
		lines(this.fonts.regular, 9, textX, textWidth,
				this.fonts.printable(this.fonts.regular,
						"Pour vérifier l’authenticité et l’état de ce document, scannez ce code ou saisissez"
								+ " l’adresse ci-dessous dans un navigateur."));
		this.y -= 4;
		lines(this.fonts.bold, 9, textX, textWidth, "Identifiant du mandat :");
		lines(this.fonts.mono, 8.5f, textX, textWidth, this.fonts.printable(this.fonts.mono, mandateId));
		this.y -= 4;
		lines(this.fonts.bold, 9, textX, textWidth, "Empreinte SHA-256 du mandat signé :");
		String printableDigest = this.fonts.printable(this.fonts.mono, digest);
		int half = (printableDigest.length() + 1) / 2;
		lines(this.fonts.mono, 8.5f, textX, textWidth, printableDigest.substring(0, half));
		lines(this.fonts.mono, 8.5f, textX, textWidth, printableDigest.substring(half));
		this.y = savedY;

		// The address in full, under the code, so that it can be typed.
		float lineY = qrTop - QR_SIZE - 16 - urlSize - 4;
		for (String line : urlLines) {
			show(stream, this.fonts.mono, urlSize, MARGIN + padding, lineY, line);
			lineY -= urlSize + 3;
		}
		this.y = boxTop - height;
	}

	@Override
	public void close() throws IOException {
		if (this.stream != null) {
			this.stream.close();
			this.stream = null;
		}
	}

	/**
	 * The footer of every page: {@code footer} on the left, « Page n / N » on the right.
	 */
	static void footers(PDDocument document, AttestationFonts.Embedded fonts, String footer) throws IOException {
		int pages = document.getNumberOfPages();
		String text = fonts.printable(fonts.regular, footer);
		for (int i = 0; i < pages; i++) {
			PDPage page = document.getPage(i);
			float width = page.getMediaBox().getWidth();
			try (PDPageContentStream stream = new PDPageContentStream(document, page,
					PDPageContentStream.AppendMode.APPEND, true, true)) {
				stream.setStrokingColor(GREY);
				stream.setLineWidth(0.5f);
				stream.moveTo(MARGIN, MARGIN - 8);
				stream.lineTo(width - MARGIN, MARGIN - 8);
				stream.stroke();
				float size = 7.5f;
				String pageText = (pages > 1) ? "Page " + (i + 1) + " / " + pages : "";
				float pageWidth = fonts.regular.getStringWidth(pageText) / 1000 * size;
				List<String> lines = wrap(fonts.regular, size, text, width - 2 * MARGIN - pageWidth - 10);
				float y = MARGIN - 18;
				stream.setNonStrokingColor(0f);
				for (String line : lines) {
					show(stream, fonts.regular, size, MARGIN, y, line);
					y -= size + 2;
				}
				if (!pageText.isEmpty()) {
					show(stream, fonts.regular, size, width - MARGIN - pageWidth, MARGIN - 18, pageText);
				}
			}
		}
	}

	static void show(PDPageContentStream stream, PDFont font, float size, float x, float y, String text)
			throws IOException {
		stream.beginText();
		stream.setFont(font, size);
		stream.newLineAtOffset(x, y);
		stream.showText(text);
		stream.endText();
	}

	/**
	 * Splits text into lines no wider than {@code width}; a word wider than a line (a
	 * URL, a very long name) is cut where it must.
	 */
	static List<String> wrap(PDFont font, float size, String text, float width) throws IOException {
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (String word : text.split(" ")) {
			if (word.isEmpty()) {
				continue;
			}
			String candidate = (line.length() == 0) ? word : line + " " + word;
			if (width(font, size, candidate) <= width) {
				line.setLength(0);
				line.append(candidate);
				continue;
			}
			if (line.length() > 0) {
				lines.add(line.toString());
				line.setLength(0);
			}
			String rest = word;
			while (width(font, size, rest) > width) {
				int cut = rest.offsetByCodePoints(0, 1);
				while (cut < rest.length()
						&& width(font, size, rest.substring(0, rest.offsetByCodePoints(cut, 1))) <= width) {
					cut = rest.offsetByCodePoints(cut, 1);
				}
				lines.add(rest.substring(0, cut));
				rest = rest.substring(cut);
			}
			line.append(rest);
		}
		if (line.length() > 0 || lines.isEmpty()) {
			lines.add(line.toString());
		}
		return lines;
	}

	private static float width(PDFont font, float size, String text) throws IOException {
		return font.getStringWidth(text) / 1000 * size;
	}

}
