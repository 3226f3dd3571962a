package fr.mandat.mandate;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Some autorisations of a mandate were revoked and others remain (a partial revocation),
 * or a renewal took some categories over ({@code replacedBy}). Published inside the
 * revoking transaction, like {@link MandateRevoked}; a listener checks again what the
 * mandate still covers.
 *
 * @param mandateId the mandate whose autorisations were revoked
 * @param structureId the structure it was signed with
 * @param categories the démarche category codes revoked
 * @param replacedBy the new mandate that took these categories over, if any
 */
public record AutorisationsRevoked(UUID mandateId, UUID structureId, List<String> categories,
		@Nullable UUID replacedBy) {

	public AutorisationsRevoked {
		categories = List.copyOf(categories);
	}

}
