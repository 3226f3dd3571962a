package fr.mandat.mandate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import org.springframework.stereotype.Component;

/**
 * Liberation Sans (regular and bold) and Liberation Mono (SIL Open Font License), parsed
 * once and embedded as subsets in each attestation.
 * <p>
 * Parsing a TrueType font is most of the cost of embedding it, so parsed fonts are kept
 * and lent out: one set per attestation being rendered at that moment (a
 * {@link TrueTypeFont} reads its tables lazily and is not meant to serve two documents at
 * once). The pool grows to the number of concurrent renderings and never shrinks: a few
 * sets of about a megabyte each.
 */
@Component
class AttestationFonts {

	private static final String REGULAR = "/liberation/LiberationSans-Regular.ttf";

	private static final String BOLD = "/liberation/LiberationSans-Bold.ttf";

	private static final String MONO = "/liberation/LiberationMono-Regular.ttf";

	private final byte[] regular;

	private final byte[] bold;

	private final byte[] mono;

	private final ConcurrentLinkedQueue<Parsed> idle = new ConcurrentLinkedQueue<>();

	AttestationFonts() {
		this.regular = readResource(REGULAR);
		this.bold = readResource(BOLD);
		this.mono = readResource(MONO);
		this.idle.add(parse());
	}

	/**
	 * A set of parsed fonts, lent until {@link Lease#close()}; the document they are
	 * embedded in must be saved before then (subsets are written at save time).
	 */
	Lease lease() {
		Parsed parsed = this.idle.poll();
		return new Lease((parsed != null) ? parsed : parse());
	}

	/** How many parsed sets exist now (for tests). */
	int parsedSets() {
		return this.idle.size();
	}

	private Parsed parse() {
		try {
			return new Parsed(parse(this.regular), parse(this.bold), parse(this.mono));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not parse the attestation fonts", ex);
		}
	}

	private static TrueTypeFont parse(byte[] bytes) throws IOException {
		return new TTFParser().parse(new RandomAccessReadBuffer(bytes));
	}

	private static byte[] readResource(String name) {
		try (InputStream in = AttestationFonts.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Font " + name + " not found on the class path");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Parsed(TrueTypeFont regular, TrueTypeFont bold, TrueTypeFont mono) {
	}

	/** Parsed fonts lent to one rendering. */
	final class Lease implements AutoCloseable {

		private final Parsed parsed;

		private Lease(Parsed parsed) {
			this.parsed = parsed;
		}

		/** The three fonts, embedded as subsets in {@code document}. */
		Embedded embedIn(PDDocument document) throws IOException {
			return new Embedded(PDType0Font.load(document, this.parsed.regular(), true),
					PDType0Font.load(document, this.parsed.bold(), true),
					PDType0Font.load(document, this.parsed.mono(), true));
		}

		@Override
		public void close() {
			AttestationFonts.this.idle.add(this.parsed);
		}

	}

	/** The three fonts embedded in one document, and what each can print. */
	static final class Embedded {

		final PDType0Font regular;

		final PDType0Font bold;

		final PDType0Font mono;

		Embedded(PDType0Font regular, PDType0Font bold, PDType0Font mono) {
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

}
