package fr.mandat.web;

import java.util.Optional;

import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** What the pages say when a request is refused for a reason every page shares. */
@ControllerAdvice(annotations = Controller.class)
class PageErrors {

	private final CurrentStaff currentStaff;

	PageErrors(CurrentStaff currentStaff) {
		this.currentStaff = currentStaff;
	}

	@ExceptionHandler(StaleFormException.class)
	String staleForm(StaleFormException ex, Model model, HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_CONFLICT);
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Optional<StaffMember> member = this.currentStaff.active(authentication);
		model.addAttribute("currentStructure",
				member.map(m -> this.currentStaff.currentStructure(m).name()).orElse("votre structure"));
		model.addAttribute("formStructure",
				member.flatMap(m -> (ex.sentFor() != null) ? m.structure(ex.sentFor()) : Optional.empty())
					.map(StructureRef::name)
					.orElse(null));
		return "formulaire-perime";
	}

}
