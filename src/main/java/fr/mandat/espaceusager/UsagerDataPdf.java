package fr.mandat.espaceusager;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The data export as a readable PDF: the same content as the JSON, one line per value, in
 * a font that has every French letter (Liberation Sans, embedded).
 */
final class UsagerDataPdf {

	private static final String FONT = "/liberation/LiberationSans-Regular.ttf";

	private static final String BOLD = "/liberation/LiberationSans-Bold.ttf";

	private static final float MARGIN = 50;

	private static final float SIZE = 9;

	private static final float LEADING = 12;

	private static final int WRAP = 100;

	private UsagerDataPdf() {
	}

	static byte[] render(List<String> lines, String generatedAt) {
		try (PDDocument document = new PDDocument()) {
			PDFont regular = font(document, FONT);
			PDFont bold = font(document, BOLD);
			PDDocumentInformation info = document.getDocumentInformation();
			info.setTitle("Vos données dans Mandat");
			info.setAuthor("Mandat");
			document.getDocumentCatalog().setLanguage("fr-FR");
			List<String> text = new ArrayList<>();
			text.add("Ce document contient tout ce que le service Mandat conserve à votre sujet, à la date du "
					+ generatedAt + " : votre identité telle que le service d'identification l'a transmise, vos "
					+ "mandats, les démarches faites en votre nom et les inscriptions du journal qui vous concernent. "
					+ "Le même contenu existe au format JSON (donnees.json), lisible par un programme.");
			text.add("");
			for (String line : lines) {
				text.addAll(wrap(line));
			}
			PDPageContentStream page = null;
			float y = 0;
			boolean first = true;
			try {
				for (String line : text) {
					if (page == null || y < MARGIN) {
						if (page != null) {
							page.endText();
							page.close();
						}
						PDPage next = new PDPage(PDRectangle.A4);
						document.addPage(next);
						page = new PDPageContentStream(document, next);
						page.beginText();
						y = PDRectangle.A4.getHeight() - MARGIN;
						page.newLineAtOffset(MARGIN, y);
						if (first) {
							page.setFont(bold, 16);
							page.showText("Vos données dans Mandat");
							page.newLineAtOffset(0, -2 * LEADING);
							y -= 2 * LEADING;
							first = false;
						}
						page.setFont(regular, SIZE);
					}
					page.showText(printable(line, regular));
					page.newLineAtOffset(0, -LEADING);
					y -= LEADING;
				}
			}
			finally {
				if (page != null) {
					page.endText();
					page.close();
				}
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the data export", ex);
		}
	}

	private static PDFont font(PDDocument document, String resource) throws IOException {
		try (InputStream in = UsagerDataPdf.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Font " + resource + " not found on the class path");
			}
			return PDType0Font.load(document, in, true);
		}
	}

	/** Lines of at most {@link #WRAP} characters, indentation kept. */
	static List<String> wrap(String line) {
		List<String> lines = new ArrayList<>();
		String indent = line.substring(0, line.length() - line.stripLeading().length());
		String rest = line;
		while (rest.length() > WRAP) {
			int cut = rest.lastIndexOf(' ', WRAP);
			if (cut <= indent.length()) {
				cut = WRAP;
			}
			lines.add(rest.substring(0, cut));
			rest = indent + "    " + rest.substring(cut).stripLeading();
		}
		lines.add(rest);
		return lines;
	}

	/**
	 * The line without characters the font cannot draw (control characters, rare
	 * symbols).
	 */
	private static String printable(String line, PDFont font) {
		StringBuilder out = new StringBuilder(line.length());
		line.codePoints().forEach(c -> {
			String character = new String(Character.toChars(c));
			try {
				font.encode(character);
				out.append(character);
			}
			catch (IOException | IllegalArgumentException ex) {
				out.append('?');
			}
		});
		return out.toString();
	}

}
