package fr.mandat.mandate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

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
 */
record AttestationContent(Kind kind, UUID mandateId, @Nullable UUID replacesMandateId, String structureName,
		String aidantName, String usagerName, LocalDate usagerBirthdate, List<String> categories, Instant notBefore,
		Instant notAfter, @Nullable Instant revokedAt, ZoneId zone, String verificationUrl, String digest,
		Instant issuedAt) {

	AttestationContent {
		categories = List.copyOf(categories);
	}

	enum Kind {

		MANDATE, REVOCATION

	}

}
