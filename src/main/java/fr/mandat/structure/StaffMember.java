package fr.mandat.structure;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A person who signs in to the staff realm, as the application knows them: their
 * habilitation state and their roles in each structure.
 */
public record StaffMember(UUID aidantId, String subject, String givenName, String familyName, AidantState state,
		List<Membership> memberships) {

	public StaffMember {
		memberships = List.copyOf(memberships);
	}

	/** Only habilitated people with at least one role may use the application. */
	public boolean mayUseApplication() {
		return this.state == AidantState.HABILITATED && !this.memberships.isEmpty();
	}

	public String displayName() {
		return this.givenName + " " + this.familyName;
	}

	/** The structures this person belongs to, in a stable order (by name). */
	public List<StructureRef> structures() {
		return this.memberships.stream().map(Membership::structure).distinct().toList();
	}

	public Optional<StructureRef> structure(UUID structureId) {
		return structures().stream().filter(s -> s.id().equals(structureId)).findFirst();
	}

	public List<Role> rolesIn(UUID structureId) {
		return this.memberships.stream()
			.filter(m -> m.structure().id().equals(structureId))
			.map(Membership::role)
			.sorted()
			.toList();
	}

	/** A role held in a structure. */
	public record Membership(StructureRef structure, Role role) {
	}

	/** A structure's identity as other modules need it. */
	public record StructureRef(UUID id, String name) {
	}

}
