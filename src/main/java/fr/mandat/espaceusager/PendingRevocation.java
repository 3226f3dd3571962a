package fr.mandat.espaceusager;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A revocation the usager asked for, kept in their session while they authenticate again:
 * carried out when they come back, once, by the usager who asked for it.
 */
record PendingRevocation(UUID mandateId, List<String> categories, UUID requestKey, String pseudonym,
		Instant askedAt) implements Serializable {

	static final String ATTRIBUTE = "MANDAT_ESPACE_USAGER_PENDING_REVOCATION";

	PendingRevocation {
		categories = List.copyOf(categories);
	}

}
