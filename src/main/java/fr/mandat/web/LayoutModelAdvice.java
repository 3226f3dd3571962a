package fr.mandat.web;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import tools.jackson.databind.json.JsonMapper;

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

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CurrentStaff currentStaff;

	private final Clock clock;

	LayoutModelAdvice(CurrentStaff currentStaff, Clock clock) {
		this.currentStaff = currentStaff;
		this.clock = clock;
	}

	@ModelAttribute("currentAidant")
	@Nullable HeaderView currentAidant(@Nullable Authentication authentication) {
		return this.currentStaff.active(authentication).map(this::header).orElse(null);
	}

	/**
	 * What the person had typed in this form before their session ended, as JSON for the
	 * page's script to put back (once, for the very form it came from).
	 */
	@ModelAttribute("restoredInput")
	@Nullable String restoredInput(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !"GET".equals(request.getMethod())
				|| !(session.getAttribute(SavedForm.ATTRIBUTE) instanceof SavedForm saved)) {
			return null;
		}
		String here = request.getRequestURI()
				+ ((request.getQueryString() != null) ? "?" + request.getQueryString() : "");
		if (saved.isExpired(this.clock.instant())) {
			session.removeAttribute(SavedForm.ATTRIBUTE);
			return null;
		}
		if (!saved.path().equals(here)) {
			return null;
		}
		session.removeAttribute(SavedForm.ATTRIBUTE);
		return JSON.writeValueAsString(saved.input());
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
