package fr.mandat.mandate;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import fr.mandat.structure.DemarcheCategory;
import fr.mandat.usager.UsagerIdentification.Started;

import org.jspecify.annotations.Nullable;

/**
 * A mandate being prepared at the counter, kept in the aidant's session (stored in
 * PostgreSQL, so any instance can continue it). It belongs to one aidant and one
 * structure, and expires after a short time.
 */
final class MandateDraft implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final UUID id;

	private final UUID aidantId;

	private final UUID structureId;

	private final List<String> categories;

	private final int durationDays;

	private final Instant expiresAt;

	private final @Nullable UUID renews;

	private @Nullable Started identification;

	private @Nullable UUID usagerId;

	private @Nullable String usagerAcr;

	private @Nullable Instant consentConfirmedAt;

	MandateDraft(UUID id, UUID aidantId, UUID structureId, List<DemarcheCategory> categories, int durationDays,
			Instant expiresAt, @Nullable UUID renews) {
		this.id = id;
		this.aidantId = aidantId;
		this.structureId = structureId;
		this.categories = new ArrayList<>(categories.stream().map(DemarcheCategory::code).toList());
		this.durationDays = durationDays;
		this.expiresAt = expiresAt;
		this.renews = renews;
	}

	UUID id() {
		return this.id;
	}

	UUID aidantId() {
		return this.aidantId;
	}

	UUID structureId() {
		return this.structureId;
	}

	List<DemarcheCategory> categories() {
		return this.categories.stream().flatMap(code -> DemarcheCategory.fromCode(code).stream()).toList();
	}

	int durationDays() {
		return this.durationDays;
	}

	Instant expiresAt() {
		return this.expiresAt;
	}

	boolean isExpired(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

	@Nullable UUID renews() {
		return this.renews;
	}

	@Nullable Started identification() {
		return this.identification;
	}

	void identificationStarted(@Nullable Started started) {
		this.identification = started;
	}

	/** The usager is identified: the identification request cannot be used again. */
	void usagerIdentified(UUID usager, String acr) {
		this.usagerId = usager;
		this.usagerAcr = acr;
		this.identification = null;
	}

	@Nullable UUID usagerId() {
		return this.usagerId;
	}

	@Nullable String usagerAcr() {
		return this.usagerAcr;
	}

	@Nullable Instant consentConfirmedAt() {
		return this.consentConfirmedAt;
	}

	void consentConfirmed(Instant at) {
		this.consentConfirmedAt = at;
	}

}
