package fr.mandat.web;

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
		return new HeaderView(member.displayName(), this.currentStaff.currentStructure(member).name());
	}

	record HeaderView(String displayName, String structureName) {
	}

}
