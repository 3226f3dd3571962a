package fr.mandat.mandate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;

import org.springframework.stereotype.Component;

/**
 * Renders an {@link AttestationContent} to an unsigned A4 PDF in French: the mandate (or
 * its revocation) as the usager and the aidant sign it by hand, with a QR code leading to
 * the public verification page. The PDF is saved plainly (no encryption, no incremental
 * update) so that the signing module can add a PAdES signature to it.
 * <p>
 * This class holds the wording; {@link AttestationLayout} places it on A4 pages,
 * {@link AttestationFonts} supplies the fonts (a character they lack, an emoji in a name
 * say, is printed without its accents if that helps, otherwise as {@code ?}: rendering
 * never fails on a name) and {@link QrCode} draws the code.
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

	private static final DateTimeFormatter MONTH_YEAR = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.FRANCE);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H 'h' mm", Locale.FRANCE);

	private final AttestationFonts fonts;

	AttestationRenderer(AttestationFonts fonts) {
		this.fonts = fonts;
	}

	/**
	 * Renders the attestation.
	 * @param content what to print
	 * @return the unsigned PDF
	 */
	byte[] render(AttestationContent content) {
		try (AttestationFonts.Lease lease = this.fonts.lease(); PDDocument document = new PDDocument()) {
			AttestationFonts.Embedded fonts = lease.embedIn(document);
			describe(document, content);
			try (AttestationLayout layout = new AttestationLayout(document, fonts)) {
				if (content.kind() == AttestationContent.Kind.REVOCATION) {
					revocation(layout, content);
				}
				else {
					mandate(layout, content);
				}
			}
			AttestationLayout.footers(document, fonts,
					"Document signé électroniquement par le service Mandat — émis le "
							+ dateTime(content.issuedAt(), content.zone()) + " (" + zoneLabel(content.zone()) + ")");
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not render the attestation of mandate " + content.mandateId(), ex);
		}
	}

	private void mandate(AttestationLayout layout, AttestationContent content) throws IOException {
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

	private void revocation(AttestationLayout layout, AttestationContent content) throws IOException {
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

	private void parties(AttestationLayout layout, AttestationContent content) throws IOException {
		layout.heading("Les parties");
		layout.labelled("Usager : ",
				content.usagerName() + ", " + content.usagerBorn() + " le " + date(content.usagerBirthdate()));
		layout.labelled("Aidant : ", content.aidantName());
		layout.labelled("Structure de l’aidant : ", content.structureName());
	}

	private void categories(AttestationLayout layout, AttestationContent content) throws IOException {
		List<String> categories = content.categories();
		List<String> shown = new ArrayList<>(categories.subList(0, Math.min(categories.size(), MAX_CATEGORIES)));
		if (categories.size() > MAX_CATEGORIES) {
			shown.add("et " + (categories.size() - MAX_CATEGORIES) + " autre(s) catégorie(s)");
		}
		layout.bullets(shown);
	}

	private void verification(AttestationLayout layout, AttestationContent content) throws IOException {
		layout.verificationBlock(QrCode.encode(content.verificationUrl()), content.verificationUrl(),
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

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
