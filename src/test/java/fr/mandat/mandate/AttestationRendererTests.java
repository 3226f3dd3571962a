package fr.mandat.mandate;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

import fr.mandat.structure.DemarcheCategory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Renders attestations and reads them back with PDFBox and ZXing. No Spring context.
 */
class AttestationRendererTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private static final UUID MANDATE_ID = UUID.fromString("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f");

	private static final UUID PREVIOUS_ID = UUID.fromString("0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d");

	private static final String URL = "https://mandat.example.fr/verification/mandats/" + MANDATE_ID;

	private static final String DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

	// 22 November 2026, 14:05 in Paris (UTC+1 in winter).
	private static final Instant NOT_BEFORE = Instant.parse("2026-11-22T13:05:00Z");

	private static final Instant NOT_AFTER = Instant.parse("2026-12-22T13:05:00Z");

	private final AttestationRenderer renderer = new AttestationRenderer(new AttestationFonts());

	@Test
	void fontsAreParsedOnceAndRenderingsAtTheSameTimeStayCorrect() throws Exception {
		AttestationFonts fonts = new AttestationFonts();
		AttestationRenderer shared = new AttestationRenderer(fonts);
		shared.render(mandate("Jeanne Dupré", "Éloïse Garçon", allCategories()));
		shared.render(mandate("Jeanne Dupré", "Éloïse Garçon", allCategories()));
		assertThat(fonts.parsedSets()).as("sequential renderings reuse one parsed set").isEqualTo(1);

		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			List<java.util.concurrent.Future<String>> texts = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				String usager = "Usager Numéro" + i + " Dupré";
				texts.add(threads
					.submit(() -> flat(text(shared.render(mandate(usager, "Éloïse Garçon", allCategories()))))));
			}
			for (int i = 0; i < 12; i++) {
				// Each document carries its own name and only its own (fonts lent to
				// two documents at once could mix their subsets).
				String text = texts.get(i).get();
				assertThat(text).contains("Usager Numéro" + i + " Dupré");
				for (int other = 0; other < 12; other++) {
					if (other != i) {
						assertThat(text).doesNotContain("Usager Numéro" + other + " Dupré");
					}
				}
			}
		}
		finally {
			threads.shutdown();
		}
		assertThat(fonts.parsedSets()).as("at most one set per concurrent rendering").isBetween(1, 4);
	}

	@Test
	void mandateShowsThePartiesTheCategoriesTheValidityTheConsentAndTheVerificationBlock() throws IOException {
		AttestationContent content = mandate("Jeanne Dupré-Lefèvre", "Éloïse Garçon",
				List.of(DemarcheCategory.SOCIAL.label(), DemarcheCategory.ETRANGER.label()));
		String text = flat(text(this.renderer.render(content)));
		assertThat(text).contains(AttestationRenderer.MANDATE_TITLE)
			.contains("Jeanne Dupré-Lefèvre")
			.contains("né(e) le 3 mars 1958")
			.contains("Éloïse Garçon")
			.contains("France Services de Saint-Étienne")
			.contains("Social - Santé")
			.contains("Étranger - Europe")
			.doesNotContain("Logement")
			.contains("Valable du 22 novembre 2026 à 14 h 05 au 22 décembre 2026 à 14 h 05 (heure de Paris)")
			.contains("journal que l’usager peut demander à consulter")
			.contains("révoquer ce mandat à tout moment")
			.contains(AttestationRenderer.CONSENT_KEY_SENTENCE)
			.contains("Signature de l’usager")
			.contains("Signature de l’aidant")
			.contains("Vérifier ce mandat")
			.contains(URL)
			.contains(MANDATE_ID.toString())
			.contains("émis par le service Mandat")
			.contains("Document signé électroniquement par le service Mandat — émis le 22 novembre 2026 à 14 h 05")
			.doesNotContain("renouvelle");
		assertThat(text.replaceAll("\\s", "")).contains(DIGEST);
	}

	@Test
	void renewalNamesTheMandateItRenews() throws IOException {
		AttestationContent content = new AttestationContent(AttestationContent.Kind.MANDATE, MANDATE_ID, PREVIOUS_ID,
				"France Services", "Éloïse Garçon", "Jeanne Dupré", LocalDate.of(1958, 3, 3),
				List.of(DemarcheCategory.LOGEMENT.label()), NOT_BEFORE, NOT_AFTER, null, PARIS, URL, DIGEST,
				NOT_BEFORE);
		String text = text(this.renderer.render(content));
		assertThat(text).contains("renouvelle le mandat n° " + PREVIOUS_ID);
	}

	@Test
	void theUsagerIsBornAndUndersignsInTheirOwnGender() throws IOException {
		AttestationContent content = new AttestationContent(AttestationContent.Kind.MANDATE, MANDATE_ID, null,
				"France Services", "Éloïse Garçon", "Jeanne Dupré", LocalDate.of(1958, 3, 3),
				List.of(DemarcheCategory.LOGEMENT.label()), NOT_BEFORE, NOT_AFTER, null, PARIS, URL, DIGEST, NOT_BEFORE,
				"née");
		String text = text(this.renderer.render(content));
		assertThat(text).contains("Jeanne Dupré, née le 3 mars 1958")
			.contains("Je soussignée, Jeanne Dupré")
			.doesNotContain("né(e)")
			.doesNotContain("soussigné(e)");
		String unknown = text(this.renderer.render(new AttestationContent(AttestationContent.Kind.MANDATE, MANDATE_ID,
				null, "France Services", "Éloïse Garçon", "Camille Roux", LocalDate.of(1970, 1, 2),
				List.of(DemarcheCategory.LOGEMENT.label()), NOT_BEFORE, NOT_AFTER, null, PARIS, URL, DIGEST,
				NOT_BEFORE)));
		assertThat(unknown).contains("Camille Roux, né(e) le 2 janvier 1970");
	}

	@Test
	void firstOfTheMonthIsWrittenTheFrenchWay() {
		assertThat(AttestationRenderer.date(LocalDate.of(1958, 3, 1))).isEqualTo("1er mars 1958");
		assertThat(AttestationRenderer.date(LocalDate.of(1958, 3, 3))).isEqualTo("3 mars 1958");
		assertThat(AttestationRenderer.dateTime(Instant.parse("2026-07-14T07:30:00Z"), PARIS))
			.isEqualTo("14 juillet 2026 à 9 h 30");
	}

	@Test
	void qrCodeCarriesTheVerificationUrl() throws Exception {
		byte[] pdf = this.renderer.render(mandate("Jeanne Dupré", "Éloïse Garçon", allCategories()));
		try (PDDocument document = Loader.loadPDF(pdf)) {
			BufferedImage image = new PDFRenderer(document).renderImageWithDPI(0, 200, ImageType.GRAY);
			assertThat(decodeQr(image)).isEqualTo(URL);
		}
	}

	@Test
	void qrCodeIsAtLeastThreeAndAHalfCentimetresWide() throws Exception {
		byte[] pdf = this.renderer.render(mandate("Jeanne Dupré", "Éloïse Garçon", allCategories()));
		try (PDDocument document = Loader.loadPDF(pdf)) {
			BufferedImage image = new PDFRenderer(document).renderImageWithDPI(0, 200, ImageType.GRAY);
			Map<DecodeHintType, Object> hints = hints();
			Result result = new MultiFormatReader()
				.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))), hints);
			float[] xs = new float[result.getResultPoints().length];
			for (int i = 0; i < xs.length; i++) {
				xs[i] = result.getResultPoints()[i].getX();
			}
			Arrays.sort(xs);
			// Finder pattern centres are 3.5 modules in from the edges: the distance
			// between them underestimates the width.
			double centimetres = (xs[xs.length - 1] - xs[0]) / 200.0 * 2.54;
			assertThat(centimetres).isGreaterThan(3.0);
		}
	}

	@Test
	void revocationShowsItsTitleAndWhenItTookEffect() throws Exception {
		AttestationContent content = new AttestationContent(AttestationContent.Kind.REVOCATION, MANDATE_ID, null,
				"France Services", "Éloïse Garçon", "Jeanne Dupré", LocalDate.of(1958, 3, 3),
				List.of(DemarcheCategory.ARGENT.label()), NOT_BEFORE, NOT_AFTER, Instant.parse("2026-12-01T09:30:00Z"),
				PARIS, URL, DIGEST, Instant.parse("2026-12-01T09:31:00Z"));
		byte[] pdf = this.renderer.render(content);
		String text = flat(text(pdf));
		assertThat(text).contains(AttestationRenderer.REVOCATION_TITLE)
			.contains("Révocation effective le 1er décembre 2026 à 10 h 30 (heure de Paris)")
			.contains("du 22 novembre 2026 à 14 h 05 au 22 décembre 2026 à 14 h 05")
			.contains("Jeanne Dupré")
			.contains("Éloïse Garçon")
			.contains("Argent - Impôts - Consommation")
			.contains("Signature de l’usager")
			.contains("Signature de l’aidant")
			.contains(URL)
			.contains("émis le 1er décembre 2026 à 10 h 31")
			.doesNotContain(AttestationRenderer.MANDATE_TITLE);
		try (PDDocument document = Loader.loadPDF(pdf)) {
			assertThat(document.getDocumentInformation().getTitle()).startsWith(AttestationRenderer.REVOCATION_TITLE);
			BufferedImage image = new PDFRenderer(document).renderImageWithDPI(0, 200, ImageType.GRAY);
			assertThat(decodeQr(image)).isEqualTo(URL);
		}
	}

	@Test
	void tenCategoriesAndLongNamesStayOnThePage() throws IOException {
		String usager = "Marie-Françoise Éléonore Anne-Sophie Bénédicte de La Rochefoucauld-Montmorency"
				+ " d’Harcourt-Beuvron épouse Castellane-Novejean";
		String aidant = "Jean-Baptiste Hippolyte Théophile Maximilien Delacroix-Villeneuve-Saint-Georges";
		String structure = "Maison France Services de la Communauté de communes du Haut-Jura Saint-Claude"
				+ " — antenne de Saint-Lupicin";
		AttestationContent content = new AttestationContent(AttestationContent.Kind.MANDATE, MANDATE_ID, PREVIOUS_ID,
				structure, aidant, usager, LocalDate.of(1958, 3, 3), allCategories(), NOT_BEFORE, NOT_AFTER, null,
				PARIS, URL, DIGEST, NOT_BEFORE);
		byte[] pdf = this.renderer.render(content);
		try (PDDocument document = Loader.loadPDF(pdf)) {
			PositionChecker checker = new PositionChecker();
			String text = checker.getText(document);
			String flat = flat(text);
			for (String category : allCategories()) {
				assertThat(text).contains(category);
			}
			for (String word : (usager + " " + aidant + " " + structure).split(" ")) {
				assertThat(flat).contains(word);
			}
			assertThat(flat).contains(AttestationRenderer.CONSENT_KEY_SENTENCE)
				.contains("Signature de l’usager")
				.contains("Signature de l’aidant")
				.contains(URL)
				.contains("Valable du 22 novembre 2026 à 14 h 05 au 22 décembre 2026 à 14 h 05");
			assertThat(checker.outside).as("text drawn outside the page's margins").isEmpty();
			assertThat(checker.positions).isGreaterThan(1000);
			if (document.getNumberOfPages() > 1) {
				assertThat(flat).contains("Page 1 / " + document.getNumberOfPages());
			}
		}
	}

	@Test
	void contentTooLongForOnePageFlowsOntoTheNext() throws Exception {
		List<String> categories = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			categories
				.add("Catégorie n° " + i + " dont l’intitulé est très long, bien plus long que ceux d’aujourd’hui,"
						+ " au point de tenir sur plusieurs lignes : démarches diverses et variées");
		}
		AttestationContent content = mandate("Jeanne Dupré", "Éloïse Garçon", categories);
		byte[] pdf = this.renderer.render(content);
		try (PDDocument document = Loader.loadPDF(pdf)) {
			assertThat(document.getNumberOfPages()).isEqualTo(2);
			PositionChecker checker = new PositionChecker();
			String text = flat(checker.getText(document));
			assertThat(checker.outside).isEmpty();
			for (String category : categories) {
				assertThat(text).contains(category);
			}
			assertThat(text).contains("Page 1 / 2")
				.contains("Page 2 / 2")
				.contains(AttestationRenderer.CONSENT_KEY_SENTENCE)
				.contains(URL);
			// The verification block is never split: the code is whole on the last page.
			BufferedImage image = new PDFRenderer(document).renderImageWithDPI(1, 200, ImageType.GRAY);
			assertThat(decodeQr(image)).isEqualTo(URL);
		}
	}

	@Test
	void everyCategoryWithUsualNamesFitsOnOnePage() throws IOException {
		byte[] pdf = this.renderer.render(mandate("Jeanne Dupré", "Éloïse Garçon", allCategories()));
		try (PDDocument document = Loader.loadPDF(pdf)) {
			assertThat(document.getNumberOfPages()).isEqualTo(1);
			assertThat(new PDFTextStripper().getText(document)).doesNotContain("Page 1");
			PositionChecker checker = new PositionChecker();
			checker.getText(document);
			assertThat(checker.outside).isEmpty();
		}
	}

	@Test
	void namesOutsideTheFontsRepertoireDoNotBreakRendering() throws IOException {
		AttestationContent content = mandate("Nguyễn Thị Minh Khai 😀👨‍👩‍👧 Łukasz O'Brien 李小龙 Ørsted\u0000\tTab",
				"Zoë Ñúñez ﬁ Ǆemal 𝔄𝔟𝔠", List.of(DemarcheCategory.JUSTICE.label()));
		assertThatNoException().isThrownBy(() -> this.renderer.render(content));
		String text = text(this.renderer.render(content));
		assertThat(text).contains("Łukasz").contains("O'Brien").contains("Ørsted").contains("Zoë Ñúñez");
		assertThat(text).contains("Nguy").doesNotContain("😀");
		// Letters the fonts lack: without their styling where Unicode gives one, or '?'.
		assertThat(text).contains("Abc").contains("???").doesNotContain("李");
	}

	@Test
	void documentOpensWithItsTitleAuthorDateAndLanguage() throws IOException {
		byte[] pdf = this.renderer.render(mandate("Jeanne Dupré", "Éloïse Garçon", allCategories()));
		try (PDDocument document = Loader.loadPDF(pdf)) {
			assertThat(document.isEncrypted()).isFalse();
			assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("fr-FR");
			assertThat(document.getDocumentInformation().getTitle())
				.isEqualTo(AttestationRenderer.MANDATE_TITLE + " n° " + MANDATE_ID);
			assertThat(document.getDocumentInformation().getAuthor()).isEqualTo("Mandat");
			assertThat(document.getDocumentInformation().getCreationDate().toInstant()).isEqualTo(NOT_BEFORE);
			PDRectangle a4 = PDRectangle.A4;
			for (PDPage page : document.getPages()) {
				assertThat(page.getMediaBox().getWidth()).isEqualTo(a4.getWidth());
				assertThat(page.getMediaBox().getHeight()).isEqualTo(a4.getHeight());
			}
		}
	}

	@Test
	void sameContentGivesTheSameBytes() {
		AttestationContent content = mandate("Jeanne Dupré", "Éloïse Garçon", allCategories());
		assertThat(this.renderer.render(content)).isEqualTo(this.renderer.render(content));
	}

	private static AttestationContent mandate(String usager, String aidant, List<String> categories) {
		return new AttestationContent(AttestationContent.Kind.MANDATE, MANDATE_ID, null,
				"France Services de Saint-Étienne", aidant, usager, LocalDate.of(1958, 3, 3), categories, NOT_BEFORE,
				NOT_AFTER, null, PARIS, URL, DIGEST, NOT_BEFORE);
	}

	private static List<String> allCategories() {
		List<String> labels = new ArrayList<>();
		for (DemarcheCategory category : DemarcheCategory.values()) {
			labels.add(category.label());
		}
		assertThat(labels).hasSize(10);
		return labels;
	}

	private static String text(byte[] pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(document);
		}
	}

	/**
	 * Line breaks and runs of spaces as single spaces: wrapping is not what is tested.
	 */
	private static String flat(String text) {
		return text.replaceAll("\\s+", " ");
	}

	private static Map<DecodeHintType, Object> hints() {
		Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
		hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
		hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
		return hints;
	}

	private static String decodeQr(BufferedImage image) throws NotFoundException {
		return new MultiFormatReader()
			.decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))), hints())
			.getText();
	}

	/**
	 * Records every glyph drawn outside the page less a 20-point band along each edge.
	 */
	private static final class PositionChecker extends PDFTextStripper {

		final List<String> outside = new ArrayList<>();

		int positions;

		@Override
		protected void writeString(String text, List<TextPosition> textPositions) throws IOException {
			PDRectangle box = getCurrentPage().getMediaBox();
			float inset = 20;
			for (TextPosition position : textPositions) {
				this.positions++;
				float left = position.getXDirAdj();
				float right = left + position.getWidthDirAdj();
				float baseline = position.getYDirAdj();
				float top = baseline - position.getHeightDir();
				if (left < inset || right > box.getWidth() - inset || top < inset
						|| baseline > box.getHeight() - inset) {
					this.outside.add(position.getUnicode() + " at " + left + "," + baseline + " in \"" + text + "\"");
				}
			}
			super.writeString(text, textPositions);
		}

	}

}
