package fr.mandat.web;

import java.util.List;

import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.StaffMember;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in person as the API sees them: a first authenticated API resource. */
@RestController
@RequestMapping("/api/v1")
class MeApiController {

	private final CurrentStaff currentStaff;

	MeApiController(CurrentStaff currentStaff) {
		this.currentStaff = currentStaff;
	}

	@GetMapping("/me")
	Me me(Authentication authentication) {
		StaffMember member = this.currentStaff.active(authentication).orElseThrow();
		List<Me.Membership> memberships = member.memberships()
			.stream()
			.map(m -> new Me.Membership(m.structure().id().toString(), m.structure().name(), m.role().name()))
			.toList();
		return new Me(member.displayName(), memberships);
	}

	record Me(String displayName, List<Membership> memberships) {

		record Membership(String structureId, String structureName, String role) {
		}

	}

}
