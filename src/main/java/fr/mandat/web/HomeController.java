package fr.mandat.web;

import java.util.List;

import fr.mandat.structure.Role;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

	private final CurrentStaff currentStaff;

	HomeController(CurrentStaff currentStaff) {
		this.currentStaff = currentStaff;
	}

	@GetMapping("/")
	String home(Authentication authentication, Model model) {
		StaffMember member = this.currentStaff.active(authentication).orElseThrow();
		StructureRef structure = this.currentStaff.currentStructure(member);
		List<String> roles = member.rolesIn(structure.id()).stream().map(Role::label).toList();
		List<StructureRef> others = member.structures().stream().filter(s -> !s.equals(structure)).toList();
		boolean auditor = member.memberships().stream().anyMatch(m -> m.role() == Role.AUDITEUR);
		model.addAttribute("home", new HomeView(member.displayName(), roles, structure.name(), others, auditor));
		return "home";
	}

	@GetMapping("/acces-refuse")
	String accessRefused(HttpServletResponse response, Model model) {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		model.addAttribute("signedIn", true);
		return "acces-refuse";
	}

	@GetMapping("/deconnexion")
	String signedOut() {
		return "deconnexion";
	}

	record HomeView(String displayName, List<String> roleLabels, String structureName,
			List<StructureRef> otherStructures, boolean auditor) {
	}

}
