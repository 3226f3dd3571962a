package fr.mandat.mandate;

import java.util.List;
import java.util.UUID;

/**
 * A mandate was revoked whole (every autorisation it still held), by an aidant or by the
 * usager. Published inside the revoking transaction, after its journal entry; kept by the
 * event publication registry until each listener has done its part (e.g. the partner
 * sites told to end their sessions).
 *
 * @param mandateId the mandate revoked
 * @param structureId the structure it was signed with
 * @param categories the démarche category codes revoked by this revocation
 */
public record MandateRevoked(UUID mandateId, UUID structureId, List<String> categories) {

	public MandateRevoked {
		categories = List.copyOf(categories);
	}

}
