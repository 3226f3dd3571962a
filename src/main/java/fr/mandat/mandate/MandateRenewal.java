package fr.mandat.mandate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.structure.StructureCategories;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Renewing a mandate: a draft for the same usager and the categories still offered,
 * without a new identification, which {@link MandateCreation} then signs.
 */
@Service
class MandateRenewal {

	private final StructureMandates mandates;

	private final MandateStore store;

	private final StructureCategories structureCategories;

	private final JsonMapper json;

	private final MandateProperties properties;

	private final Clock clock;

	MandateRenewal(StructureMandates mandates, MandateStore store, StructureCategories structureCategories,
			JsonMapper json, MandateProperties properties, Clock clock) {
		this.mandates = mandates;
		this.store = store;
		this.structureCategories = structureCategories;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	/** A draft renewing a mandate: same usager and categories, no new identification. */
	MandateDraft renewalDraft(StaffMember aidant, StructureRef structure, UUID mandateId,
			@Nullable Integer durationDays) {
		Mandate mandate = this.mandates.visible(mandateId, structure);
		Instant now = this.clock.instant();
		List<DemarcheCategory> categories = mandate.renewable(now, this.store.renewals(mandateId),
				this.properties.maxRenewalsWithoutIdentification(), this.structureCategories.allowed(structure.id()));
		MandateDuration duration = MandateDuration.chosen(durationDays);
		MandateDraft draft = new MandateDraft(UUID.randomUUID(), aidant.aidantId(), structure.id(), categories,
				duration.days(), now.plus(this.properties.draftTtl()), mandate.id());
		String acr = this.store.document(mandateId)
			.map(document -> this.json.readTree(document).path("usager").path("acr").asString())
			.orElse("");
		draft.usagerIdentified(mandate.usagerId(), acr);
		return draft;
	}

}
