package fr.mandat.mandate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Renders an {@link AttestationContent} to an unsigned A4 PDF in French: the mandate (or
 * its revocation) as the usager and the aidant sign it by hand, with a QR code leading to
 * the public verification page. The PDF is saved plainly (no encryption, no incremental
 * update) so that the signing module can add a PAdES signature to it.
 * <p>
 * Text is set in Liberation Sans and Liberation Mono (SIL Open Font License), embedded as
 * subsets. A character these fonts lack (an emoji in a name, say) is printed without its
 * accents if that helps, otherwise as {@code ?}: rendering never fails on a name.
 * <p>
 * Dates come from the content only: this class never reads the clock.
 */
@Component
class AttestationRenderer {

	static final String AUTHOR = "Mandat";

	static final String LANGUAGE = "fr-FR";

	static final String MANDATE_TITLE = "Mandat de représentation pour des démarches administratives";

	static final String REVOCATION_TITLE = "Attestation de révocation de mandat";

	static final String USAGER_SIGNATURE = "Signature de l’usager";

	static final String AIDANT_SIGNATURE = "Signature de l’aidant";

	static final String VERIFY_CAPTION = "Vérifier ce mandat";

	/** The key sentence of the consent wording, which tests look for. */
	static final String CONSENT_KEY_SENTENCE = "Je donne mon accord pour que l’aidant désigné ci-dessus agisse en mon nom"
			+ " pour les seules démarches listées et pendant la seule durée de validité indiquée.";

	static final int MAX_CATEGORIES = 10;

	private static final String REGULAR_FONT = "/liberation/LiberationSans-Regular.ttf";

	private static final String BOLD_FONT = "/liberation/LiberationSans-Bold.ttf";

	private static final String MONO_FONT = "/liberation/LiberationMono-Regular.ttf";

	private static final DateTimeFormatter MONTH_YEAR = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.FRANCE);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H 'h' mm", Locale.FRANCE);

	private static final float MARGIN = 50;

	private static final float FOOTER_HEIGHT = 40;

	private static final float QR_SIZE = 110;

	private static final float GREY = 0.35f;

	private final byte[] regularFont;

	private final byte[] boldFont;

	private final byte[] monoFont;

	AttestationRenderer() {
		this.regularFont = readResource(REGULAR_FONT);
		this.boldFont = readResource(BOLD_FONT);
		this.monoFont = readResource(MONO_FONT);
	}

	/**
	 * Renders the attestation.
	 * @param content what to print
	 * @return the unsigned PDF
	 */
	byte[] render(AttestationContent content) {
		try (PDDocument document = new PDDocument()) {
			Fonts fonts = new Fonts(PDType0Font.load(document, new ByteArrayInputStream(this.regularFont), true),
					PDType0Font.load(document, new ByteArrayInputStream(this.boldFont), true),
					PDType0Font.load(document, new ByteArrayInputStream(this.monoFont), true));
			describe(document, content);
			try (Layout layout = new Layout(document, fonts)) {
				if (content.kind() == AttestationContent.Kind.REVOCATION) {
					revocation(layout, content);
				}
				else {
					mandate(layout, content);
				}
			}
			footers(document, fonts, content);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not render the attestation of mandate " + content.mandateId(), ex);
		}
	}

	private void mandate(Layout layout, AttestationContent content) throws IOException {
		layout.title(MANDATE_TITLE);
		layout.paragraph(layout.fonts.regular, 10,
				"Mandat n° " + content.mandateId() + " — document émis par le service Mandat.");
		if (content.replacesMandateId() != null) {
			layout.paragraph(layout.fonts.regular, 10,
					"Ce mandat renouvelle le mandat n° " + content.replacesMandateId() + ".");
		}
		parties(layout, content);
		layout.heading("Démarches couvertes par le mandat");
		categories(layout, content);
		layout.heading("Durée de validité");
		layout.paragraph(layout.fonts.regular, 10, validity(content));
		layout.heading("Consentement de l’usager");
		layout.paragraph(layout.fonts.regular, 10, "L’usager a été informé de ce que ce mandat permet. L’aidant agira"
				+ " en son nom uniquement pour les catégories de démarches listées ci-dessus et uniquement pendant la"
				+ " durée de validité indiquée. Chaque action réalisée au titre de ce mandat est inscrite dans un"
				+ " journal que l’usager peut demander à consulter. L’usager peut révoquer ce mandat à tout moment,"
				+ " auprès de la structure " + content.structureName() + ".");
		layout.paragraph(layout.fonts.bold, 10, content.undersigned() + ", " + content.usagerName()
				+ ", déclare avoir reçu ces informations et les avoir comprises. " + CONSENT_KEY_SENTENCE);
		layout.signatureBoxes();
		verification(layout, content);
	}

	private void revocation(Layout layout, AttestationContent content) throws IOException {
		layout.title(REVOCATION_TITLE);
		layout.paragraph(layout.fonts.regular, 10,
				"Mandat n° " + content.mandateId() + " — document émis par le service Mandat.");
		parties(layout, content);
		layout.heading("Démarches concernées par la révocation");
		categories(layout, content);
		layout.heading("Révocation");
		Instant revokedAt = (content.revokedAt() != null) ? content.revokedAt() : content.issuedAt();
		layout.paragraph(layout.fonts.bold, 10, "Révocation effective le " + dateTime(revokedAt, content.zone()) + " ("
				+ zoneLabel(content.zone()) + ").");
		layout.paragraph(layout.fonts.regular, 10,
				"Validité initiale du mandat : du " + dateTime(content.notBefore(), content.zone()) + " au "
						+ dateTime(content.notAfter(), content.zone()) + " (" + zoneLabel(content.zone()) + ").");
		layout.paragraph(layout.fonts.regular, 10, "À compter de la révocation, l’aidant ne peut plus agir au nom de"
				+ " l’usager pour les démarches ci-dessus. Les actions réalisées auparavant restent inscrites dans le"
				+ " journal, que l’usager peut demander à consulter auprès de la structure " + content.structureName()
				+ ".");
		layout.signatureBoxes();
		verification(layout, content);
	}

	private void parties(Layout layout, AttestationContent content) throws IOException {
		layout.heading("Les parties");
		layout.labelled("Usager : ",
				content.usagerName() + ", " + content.usagerBorn() + " le " + date(content.usagerBirthdate()));
		layout.labelled("Aidant : ", content.aidantName());
		layout.labelled("Structure de l’aidant : ", content.structureName());
	}

	private void categories(Layout layout, AttestationContent content) throws IOException {
		List<String> categories = content.categories();
		List<String> shown = new ArrayList<>(categories.subList(0, Math.min(categories.size(), MAX_CATEGORIES)));
		if (categories.size() > MAX_CATEGORIES) {
			shown.add("et " + (categories.size() - MAX_CATEGORIES) + " autre(s) catégorie(s)");
		}
		layout.bullets(shown);
	}

	private void verification(Layout layout, AttestationContent content) throws IOException {
		layout.verificationBlock(qrCode(content.verificationUrl()), content.verificationUrl(),
				content.mandateId().toString(), content.digest());
	}

	/**
	 * Title, author, dates and language; a document identifier derived from the content.
	 */
	private void describe(PDDocument document, AttestationContent content) {
		String title = (content.kind() == AttestationContent.Kind.REVOCATION) ? REVOCATION_TITLE : MANDATE_TITLE;
		PDDocumentInformation information = document.getDocumentInformation();
		information.setTitle(title + " n° " + content.mandateId());
		information.setAuthor(AUTHOR);
		information.setCreator(AUTHOR);
		information.setSubject(title);
		GregorianCalendar issued = GregorianCalendar.from(content.issuedAt().atZone(content.zone()));
		information.setCreationDate(issued);
		information.setModificationDate(issued);
		document.getDocumentCatalog().setLanguage(LANGUAGE);
		PDViewerPreferences preferences = new PDViewerPreferences(new COSDictionary());
		preferences.setDisplayDocTitle(true);
		document.getDocumentCatalog().setViewerPreferences(preferences);
		// PDFBox would otherwise derive the trailer's /ID from the current time.
		byte[] id = sha256(
				content.kind() + "|" + content.mandateId() + "|" + content.digest() + "|" + content.issuedAt());
		COSArray ids = new COSArray();
		ids.add(new COSString(Arrays.copyOf(id, 16)));
		ids.add(new COSString(Arrays.copyOf(id, 16)));
		document.getDocument().getTrailer().setItem(COSName.ID, ids);
	}

	private void footers(PDDocument document, Fonts fonts, AttestationContent content) throws IOException {
		int pages = document.getNumberOfPages();
		String text = fonts.printable(fonts.regular, "Document signé électroniquement par le service Mandat — émis le "
				+ dateTime(content.issuedAt(), content.zone()) + " (" + zoneLabel(content.zone()) + ")");
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

	static String date(LocalDate date) {
		String day = (date.getDayOfMonth() == 1) ? "1er" : String.valueOf(date.getDayOfMonth());
		return day + " " + MONTH_YEAR.format(date);
	}

	static String dateTime(Instant instant, ZoneId zone) {
		ZonedDateTime local = instant.atZone(zone);
		return date(local.toLocalDate()) + " à " + TIME.format(local);
	}

	static String zoneLabel(ZoneId zone) {
		if (zone.getId().equals("Europe/Paris")) {
			return "heure de Paris";
		}
		return "fuseau horaire " + zone.getId();
	}

	static String validity(AttestationContent content) {
		return "Valable du " + dateTime(content.notBefore(), content.zone()) + " au "
				+ dateTime(content.notAfter(), content.zone()) + " (" + zoneLabel(content.zone()) + ")";
	}

	private static BitMatrix qrCode(String url) {
		Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
		hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
		hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
		hints.put(EncodeHintType.MARGIN, 0);
		try {
			return new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0, hints);
		}
		catch (WriterException ex) {
			throw new IllegalArgumentException("The verification URL does not fit in a QR code", ex);
		}
	}

	private static void show(PDPageContentStream stream, PDFont font, float size, float x, float y, String text)
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

	private static byte[] readResource(String name) {
		try (InputStream in = AttestationRenderer.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Font " + name + " not found on the class path");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The three embedded fonts, and what each can print. */
	private static final class Fonts {

		final PDType0Font regular;

		final PDType0Font bold;

		final PDType0Font mono;

		Fonts(PDType0Font regular, PDType0Font bold, PDType0Font mono) {
			this.regular = regular;
			this.bold = bold;
			this.mono = mono;
		}

		/**
		 * The text with every character the font cannot print replaced: by its letter
		 * without accents if the font has that, otherwise by {@code ?}. Control
		 * characters and line breaks become spaces.
		 */
		String printable(PDFont font, String text) {
			String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
			StringBuilder out = new StringBuilder(normalized.length());
			normalized.codePoints().forEach((codePoint) -> {
				if (Character.isWhitespace(codePoint) || Character.isISOControl(codePoint)
						|| Character.isSpaceChar(codePoint)) {
					out.append(' ');
				}
				else if (codePoint == 0x200D || (codePoint >= 0xFE00 && codePoint <= 0xFE0F)) {
					// Zero-width joiners and variation selectors: parts of an emoji.
				}
				else if (canPrint(font, codePoint)) {
					out.appendCodePoint(codePoint);
				}
				else {
					out.append(fallback(font, codePoint));
				}
			});
			return out.toString();
		}

		private String fallback(PDFont font, int codePoint) {
			String decomposed = Normalizer.normalize(new String(Character.toChars(codePoint)), Normalizer.Form.NFKD);
			StringBuilder base = new StringBuilder();
			decomposed.codePoints()
				.filter((c) -> Character.getType(c) != Character.NON_SPACING_MARK)
				.forEach(base::appendCodePoint);
			if (base.length() > 0 && base.codePoints().allMatch((c) -> canPrint(font, c))) {
				return base.toString();
			}
			return "?";
		}

		private static boolean canPrint(PDFont font, int codePoint) {
			try {
				font.encode(new String(Character.toChars(codePoint)));
				return true;
			}
			catch (IllegalArgumentException | IOException ex) {
				return false;
			}
		}

	}

	/**
	 * Lays blocks out from the top of the page down, starting a new page when a block
	 * does not fit above the footer.
	 */
	private static final class Layout implements AutoCloseable {

		private final PDDocument document;

		final Fonts fonts;

		private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;

		private final float top = PDRectangle.A4.getHeight() - MARGIN;

		private final float bottom = MARGIN + FOOTER_HEIGHT - 20;

		private @Nullable PDPageContentStream stream;

		private float y;

		Layout(PDDocument document, Fonts fonts) throws IOException {
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
		 * A bulleted list; in two columns (down the first, then the second) when it is
		 * long and every item fits in a column.
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

	}

}
