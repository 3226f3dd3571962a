package fr.mandat.web;

import java.util.List;

import fr.mandat.structure.Role;
import fr.mandat.structure.StaffMember.StructureRef;

import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.StaffMember;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's header shows about the signed-in person. */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class LayoutModelAdvice {

	private final CurrentStaff currentStaff;

	LayoutModelAdvice(CurrentStaff currentStaff) {
		this.currentStaff = currentStaff;
	}

	@ModelAttribute("currentAidant")
	@Nullable HeaderView currentAidant(@Nullable Authentication authentication) {
		return this.currentStaff.active(authentication).map(this::header).orElse(null);
	}

	private HeaderView header(StaffMember member) {
		StructureRef structure = this.currentStaff.currentStructure(member);
		List<Role> roles = member.rolesIn(structure.id());
		return new HeaderView(member.displayName(), structure.name(), roles.contains(Role.AIDANT),
				roles.contains(Role.RESPONSABLE), member.memberships().stream().anyMatch(m -> m.role() == Role.ADMIN));
	}

	/**
	 * @param aidant whether the person may prepare mandates in the current structure
	 * @param responsable whether they manage the current structure
	 * @param admin whether they belong to the national team's admins
	 */
	record HeaderView(String displayName, String structureName, boolean aidant, boolean responsable, boolean admin) {
	}

}
