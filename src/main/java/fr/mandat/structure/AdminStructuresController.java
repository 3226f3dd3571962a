package fr.mandat.structure;

import java.util.UUID;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.StructureAdministration.InvalidStructureException;
import fr.mandat.structure.StructureAdministration.StructureForm;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The national team's pages for structures: list, create, edit. */
@Controller
class AdminStructuresController {

	private final StructureAdministration administration;

	private final AdminAccess adminAccess;

	AdminStructuresController(StructureAdministration administration, AdminAccess adminAccess) {
		this.administration = administration;
		this.adminAccess = adminAccess;
	}

	@GetMapping("/admin/structures")
	String list(Authentication authentication, Model model) {
		admin(authentication);
		model.addAttribute("structures", this.administration.list());
		return "admin/structures";
	}

	@GetMapping("/admin/structures/nouvelle")
	String newStructure(Authentication authentication, Model model) {
		admin(authentication);
		return form(model, null, new StructureForm(null, null, null, null, null, null));
	}

	@GetMapping("/admin/structures/{id}")
	String edit(Authentication authentication, @PathVariable UUID id, Model model) {
		admin(authentication);
		StructureForm form = this.administration.form(id).orElseThrow(() -> new StructureNotFoundException());
		return form(model, id, form);
	}

	@PostMapping({ "/admin/structures/nouvelle", "/admin/structures/{id}" })
	String save(Authentication authentication, @PathVariable(required = false) @Nullable UUID id,
			@RequestParam(required = false) @Nullable String nom,
			@RequestParam(required = false) @Nullable String siret,
			@RequestParam(required = false) @Nullable String type,
			@RequestParam(required = false) @Nullable String adresse,
			@RequestParam(required = false) @Nullable String codePostal,
			@RequestParam(required = false) @Nullable String commune, Model model, HttpServletResponse response) {
		Actor actor = admin(authentication);
		StructureForm input = new StructureForm(cap(nom), cap(siret), cap(type), cap(adresse), cap(codePostal),
				cap(commune));
		try {
			this.administration.save(actor, id, input);
			return "redirect:/admin/structures?" + ((id == null) ? "creee" : "modifiee");
		}
		catch (InvalidStructureException ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			ex.errors().forEach((field, message) -> model.addAttribute("error_" + field, message));
			return form(model, id, input);
		}
	}

	private String form(Model model, @Nullable UUID id, StructureForm form) {
		model.addAttribute("id", id);
		model.addAttribute("form", form);
		model.addAttribute("kinds", StructureAdministration.KINDS);
		return "admin/structure";
	}

	/** Values are kept for redisplay only up to a sane length. */
	private static @Nullable String cap(@Nullable String value) {
		return (value != null && value.length() > 1000) ? value.substring(0, 1000) : value;
	}

	private Actor admin(Authentication authentication) {
		return this.adminAccess.require(authentication);
	}

}
