package fr.mandat.mandate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import fr.mandat.structure.DemarcheCategory;

import org.jspecify.annotations.Nullable;

/** A stored mandate and its autorisations. */
record MandateRecord(UUID id, UUID structureId, UUID aidantId, UUID usagerId, int durationDays, Instant notBefore,
		Instant notAfter, @Nullable UUID renews, String jws, String digest, Instant createdAt,
		@Nullable Instant revokedAt, List<Autorisation> autorisations) {

	MandateRecord {
		autorisations = List.copyOf(autorisations);
	}

	MandateStatus status(Instant now) {
		return MandateStatus.at(now, this.notBefore, this.notAfter, this.revokedAt);
	}

	/** The categories still covered (not revoked), whatever the validity window. */
	List<DemarcheCategory> activeCategories() {
		return this.autorisations.stream().filter(a -> a.revokedAt() == null).map(Autorisation::category).toList();
	}

	List<DemarcheCategory> categories() {
		return this.autorisations.stream().map(Autorisation::category).toList();
	}

	/** One démarche category inside the mandate. */
	record Autorisation(UUID id, DemarcheCategory category, @Nullable Instant revokedAt,
			@Nullable UUID replacedByMandateId) {
	}

	/** A revocation and its signed attestation's id. */
	record Revocation(UUID id, List<DemarcheCategory> categories, Instant revokedAt, UUID revokedBy) {
	}

}
