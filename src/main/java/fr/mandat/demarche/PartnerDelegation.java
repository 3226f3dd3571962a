package fr.mandat.demarche;

import java.util.List;
import java.util.UUID;

/**
 * Who acts for whom, under which mandate and for which démarche categories, when a
 * partner's own site asks for a delegation token for one of the partner's APIs (token
 * exchange, ADR 0113): what such a token states. No démarche and no idempotency key: the
 * partner, not Mandat, calls its API.
 *
 * @param partnerId the démarche partner ({@code mandat.demarche.partners}) whose API the
 * token is for: its audience, and the usager's pairwise identifier for it
 * @param usagerPseudonym the usager's pseudonymous identifier in Mandat
 * @param structureSiret the SIRET of the structure the aidant acts for
 * @param categories the démarche category codes the mandate covers now for this partner
 */
public record PartnerDelegation(String partnerId, String usagerPseudonym, UUID aidantId, String structureSiret,
		UUID mandateId, List<String> categories) {

	public PartnerDelegation {
		categories = List.copyOf(categories);
	}

}
