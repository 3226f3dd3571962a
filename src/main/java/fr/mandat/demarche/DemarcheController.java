package fr.mandat.demarche;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import fr.mandat.demarche.DemarcheExecutions.Result;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.CurrentStaff.AidantAtWork;
import fr.mandat.structure.StructureCategories;

/**
 * The aidant's pages for démarches: the catalogue for a mandate, one generic form per
 * démarche (described by its input record), and the partner's answer in plain French.
 */
@Controller
class DemarcheController {

	/** Longest value kept from one field (the input records set tighter limits). */
	static final int MAX_VALUE = 1000;

	private final DemarcheCatalogue catalogue;

	private final DemarcheExecutions executions;

	private final CurrentStaff currentStaff;

	private final StructureCategories structureCategories;

	DemarcheController(DemarcheCatalogue catalogue, DemarcheExecutions executions, CurrentStaff currentStaff,
			StructureCategories structureCategories) {
		this.catalogue = catalogue;
		this.executions = executions;
		this.currentStaff = currentStaff;
		this.structureCategories = structureCategories;
	}

	@GetMapping("/demarches")
	String catalogue(Authentication authentication, @RequestParam("mandat") UUID mandateId, Model model) {
		AidantAtWork counter = counter(authentication);
		model.addAttribute("mandateId", mandateId);
		model.addAttribute("demarches",
				this.catalogue.demarches(this.structureCategories.allowed(counter.structure().id())));
		model.addAttribute("catalogue", this.catalogue);
		return "demarches/catalogue";
	}

	@GetMapping("/demarches/{id}")
	String form(Authentication authentication, @PathVariable String id, @RequestParam("mandat") UUID mandateId,
			Model model) {
		counter(authentication);
		return formPage(model, demarche(id), mandateId, Map.of(), Map.of());
	}

	@PostMapping("/demarches/{id}")
	String execute(Authentication authentication, @PathVariable String id, @RequestParam("mandat") UUID mandateId,
			@RequestParam Map<String, String> parameters, Model model, HttpServletResponse response) {
		AidantAtWork counter = counter(authentication);
		Demarche demarche = demarche(id);
		Map<String, String> values = new LinkedHashMap<>();
		demarche.form().fields().forEach(field -> {
			String value = parameters.get(field.name());
			if (value != null) {
				values.put(field.name(), (value.length() > MAX_VALUE) ? value.substring(0, MAX_VALUE) : value);
			}
		});
		Result result = this.executions.execute(counter.member().aidantId(), counter.structure().id(), mandateId,
				demarche, values);
		if (result instanceof Result.Invalid invalid) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return formPage(model, demarche, mandateId, values, invalid.errors());
		}
		model.addAttribute("demarche", demarche);
		model.addAttribute("partner", this.catalogue.partnerOf(demarche));
		model.addAttribute("mandateId", mandateId);
		if (result instanceof Result.Refused refused) {
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			model.addAttribute("refused", refused);
			return "demarches/resultat";
		}
		model.addAttribute("done", result);
		return "demarches/resultat";
	}

	private String formPage(Model model, Demarche demarche, UUID mandateId, Map<String, String> values,
			Map<String, String> errors) {
		model.addAttribute("demarche", demarche);
		model.addAttribute("partner", this.catalogue.partnerOf(demarche));
		model.addAttribute("fields", demarche.form().fields());
		model.addAttribute("mandateId", mandateId);
		model.addAttribute("values", values);
		model.addAttribute("errors", errors);
		model.addAttribute("errorList", List.copyOf(errors.entrySet()));
		return "demarches/formulaire";
	}

	private Demarche demarche(String id) {
		return this.catalogue.demarche(id).orElseThrow(UnknownDemarcheException::new);
	}

	@ExceptionHandler({ UnknownDemarcheException.class, MethodArgumentTypeMismatchException.class,
			org.springframework.web.bind.MissingServletRequestParameterException.class })
	String notFound(HttpServletResponse response, Model model) {
		response.setStatus(HttpServletResponse.SC_NOT_FOUND);
		model.addAttribute("status", 404);
		return "error/404";
	}

	/**
	 * The aidant at the counter: active, with the aidant role in their current structure.
	 */
	private AidantAtWork counter(Authentication authentication) {
		return this.currentStaff.aidant(authentication, null);
	}

	static class UnknownDemarcheException extends RuntimeException {

		UnknownDemarcheException() {
			super("No such démarche");
		}

	}

}
