package fr.mandat.mandate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.usager.Usagers.UsagerIdentity;

import org.jspecify.annotations.Nullable;

/**
 * What a new mandate states before it is signed: who acts for whom in which structure,
 * for which categories, from when to when. The signed document, the attestation and the
 * stored mandate are each made from it.
 *
 * @param acr how strongly the usager's identity was verified
 * @param renews the mandate this one renews, if any
 */
record MandateTerms(UUID id, StructureRef structure, StaffMember aidant, UsagerIdentity usager, String acr,
		List<DemarcheCategory> categories, MandateDuration duration, Instant notBefore, @Nullable UUID renews) {

	MandateTerms {
		categories = List.copyOf(categories);
	}

	/** The terms of the mandate a draft describes, starting {@code now}. */
	static MandateTerms of(MandateDraft draft, StaffMember aidant, StructureRef structure, UsagerIdentity usager,
			String acr, List<DemarcheCategory> categories, MandateDuration duration, Instant now) {
		return new MandateTerms(UUID.randomUUID(), structure, aidant, usager, acr, categories, duration, now,
				draft.renews());
	}

	/** End of validity (exclusive). */
	Instant notAfter() {
		return this.notBefore.plus(this.duration.duration());
	}

	List<String> categoryCodes() {
		return this.categories.stream().map(DemarcheCategory::code).toList();
	}

}
