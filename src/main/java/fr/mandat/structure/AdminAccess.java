package fr.mandat.structure;

import java.util.UUID;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import fr.mandat.journal.JournalRecord.Actor;

/** Who may use the national team's pages: an active person holding the admin role. */
@Component
class AdminAccess {

	private final CurrentStaff currentStaff;

	AdminAccess(CurrentStaff currentStaff) {
		this.currentStaff = currentStaff;
	}

	/**
	 * The signed-in admin as a journal actor.
	 * @throws AccessDeniedException when they are not an active admin
	 */
	Actor require(Authentication authentication) {
		StaffMember member = member(authentication);
		return Actor.aidant(member.aidantId(), this.currentStaff.currentStructure(member).id());
	}

	/**
	 * The signed-in admin.
	 * @throws AccessDeniedException when they are not an active admin
	 */
	StaffMember member(Authentication authentication) {
		StaffMember member = this.currentStaff.active(authentication)
			.orElseThrow(() -> new AccessDeniedException("Not an active staff member"));
		if (member.memberships().stream().noneMatch(m -> m.role() == Role.ADMIN)) {
			throw new AccessDeniedException("Not an admin");
		}
		return member;
	}

	/** The structure the admin acts for now. */
	UUID structure(StaffMember member) {
		return this.currentStaff.currentStructure(member).id();
	}

}
