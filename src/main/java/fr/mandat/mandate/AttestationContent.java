package fr.mandat.mandate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.FrenchDates;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.usager.Usagers.UsagerIdentity;

import org.jspecify.annotations.Nullable;

/**
 * What a printed attestation shows. Built by the mandate module, rendered to an unsigned
 * PDF by {@link AttestationRenderer}, then signed by the signing module.
 *
 * @param kind a mandate's creation (or renewal) or its revocation
 * @param mandateId the mandate
 * @param replacesMandateId for a renewal, the mandate it renews
 * @param structureName the aidant's structure
 * @param aidantName the aidant's given and family name
 * @param usagerName the usager's given and family names, as the identity provider gave
 * them
 * @param usagerBirthdate the usager's birth date
 * @param categories the French labels of the démarche categories covered (for a
 * revocation: the ones revoked)
 * @param notBefore start of validity
 * @param notAfter end of validity (exclusive)
 * @param revokedAt for a revocation, when it took effect
 * @param zone the time zone in which dates are printed (Europe/Paris)
 * @param verificationUrl the public verification page, which the QR code carries
 * @param digest the signed mandate's SHA-256 digest, hex, printed under the QR code
 * @param issuedAt when this attestation was produced
 * @param usagerBorn « né », « née », or « né(e) » when the identity provider did not say
 */
record AttestationContent(Kind kind, UUID mandateId, @Nullable UUID replacesMandateId, String structureName,
		String aidantName, String usagerName, LocalDate usagerBirthdate, List<String> categories, Instant notBefore,
		Instant notAfter, @Nullable Instant revokedAt, ZoneId zone, String verificationUrl, String digest,
		Instant issuedAt, String usagerBorn) {

	AttestationContent {
		categories = List.copyOf(categories);
	}

	/** Content for a usager whose gender is not known. */
	AttestationContent(Kind kind, UUID mandateId, @Nullable UUID replacesMandateId, String structureName,
			String aidantName, String usagerName, LocalDate usagerBirthdate, List<String> categories, Instant notBefore,
			Instant notAfter, @Nullable Instant revokedAt, ZoneId zone, String verificationUrl, String digest,
			Instant issuedAt) {
		this(kind, mandateId, replacesMandateId, structureName, aidantName, usagerName, usagerBirthdate, categories,
				notBefore, notAfter, revokedAt, zone, verificationUrl, digest, issuedAt, "né(e)");
	}

	/** What the attestation of a new (or renewed) mandate shows. */
	static AttestationContent ofMandate(MandateTerms terms, String verificationUrl, String digest) {
		return new AttestationContent(Kind.MANDATE, terms.id(), terms.renews(), terms.structure().name(),
				terms.aidant().displayName(), terms.usager().displayName(), terms.usager().birthdate(),
				labels(terms.categories()), terms.notBefore(), terms.notAfter(), null, FrenchDates.ZONE,
				verificationUrl, digest, terms.notBefore(), terms.usager().born());
	}

	/**
	 * What the attestation of a revocation shows.
	 * @param revoked the categories revoked
	 * @param revokedAt when the revocation took effect, also when the attestation is
	 * issued
	 */
	static AttestationContent ofRevocation(Mandate mandate, List<DemarcheCategory> revoked, StructureRef structure,
			StaffMember aidant, UsagerIdentity usager, Instant revokedAt, String verificationUrl) {
		return new AttestationContent(Kind.REVOCATION, mandate.id(), mandate.renews(), structure.name(),
				aidant.displayName(), usager.displayName(), usager.birthdate(), labels(revoked), mandate.notBefore(),
				mandate.notAfter(), revokedAt, FrenchDates.ZONE, verificationUrl, mandate.digest(), revokedAt,
				usager.born());
	}

	/**
	 * What the attestation of a revocation the usager made from their own space shows:
	 * the mandate's aidant and structure, as on the mandate's attestation.
	 */
	static AttestationContent ofUsagerRevocation(Mandate mandate, List<DemarcheCategory> revoked, String structureName,
			String aidantName, UsagerIdentity usager, Instant revokedAt, String verificationUrl) {
		return new AttestationContent(Kind.REVOCATION, mandate.id(), mandate.renews(), structureName, aidantName,
				usager.displayName(), usager.birthdate(), labels(revoked), mandate.notBefore(), mandate.notAfter(),
				revokedAt, FrenchDates.ZONE, verificationUrl, mandate.digest(), revokedAt, usager.born());
	}

	private static List<String> labels(List<DemarcheCategory> categories) {
		return categories.stream().map(DemarcheCategory::label).toList();
	}

	/** « Je soussigné », « Je soussignée », or « Je soussigné(e) ». */
	String undersigned() {
		return switch (this.usagerBorn) {
			case "née" -> "Je soussignée";
			case "né" -> "Je soussigné";
			default -> "Je soussigné(e)";
		};
	}

	enum Kind {

		MANDATE, REVOCATION

	}

}
