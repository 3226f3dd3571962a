package fr.mandat.demarche;

import java.util.UUID;

/**
 * Who acts for whom, under which mandate, for one call of a démarche: what a delegation
 * token states.
 *
 * @param usagerPseudonym the usager's pseudonymous identifier in Mandat; the token
 * carries a pairwise one derived from it for the partner
 * @param structureSiret the SIRET of the structure the aidant acts for
 * @param idempotencyKey the same for every attempt of one execution of the démarche
 */
public record DelegationRequest(String demarcheId, String usagerPseudonym, UUID aidantId, String structureSiret,
		UUID mandateId, UUID idempotencyKey) {

}
