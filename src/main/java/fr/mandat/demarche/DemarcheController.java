package fr.mandat.demarche;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.demarche.DemarcheExecutions.Result;
import fr.mandat.mandate.MandateSummaries.Lookup;
import fr.mandat.mandate.MandateSummaries.Summary;
import fr.mandat.mandate.MandateSummaries;
import fr.mandat.structure.CurrentStaff.AidantAtWork;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.French;
import fr.mandat.structure.StructureCategories;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

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

	private final MandateSummaries mandates;

	DemarcheController(DemarcheCatalogue catalogue, DemarcheExecutions executions, CurrentStaff currentStaff,
			StructureCategories structureCategories, MandateSummaries mandates) {
		this.catalogue = catalogue;
		this.executions = executions;
		this.currentStaff = currentStaff;
		this.structureCategories = structureCategories;
		this.mandates = mandates;
	}

	/**
	 * The démarches this mandate covers now, among those the structure offers: nothing is
	 * offered that the checks at sending would refuse.
	 */
	@GetMapping("/demarches")
	String catalogue(Authentication authentication, @RequestParam("mandat") UUID mandateId, Model model) {
		AidantAtWork counter = counter(authentication);
		Summary mandate = summary(counter, mandateId);
		var offered = new HashSet<>(this.structureCategories.allowed(counter.structure().id()));
		offered.retainAll(mandate.coveredNow());
		model.addAttribute("mandateId", mandateId);
		model.addAttribute("mandate", mandate);
		model.addAttribute("demarches", offered.isEmpty() ? List.of() : this.catalogue.demarches(offered));
		model.addAttribute("catalogue", this.catalogue);
		return "demarches/catalogue";
	}

	@GetMapping("/demarches/{id}")
	String form(Authentication authentication, @PathVariable String id, @RequestParam("mandat") UUID mandateId,
			Model model) {
		AidantAtWork counter = counter(authentication);
		Demarche demarche = demarche(id);
		Summary mandate = summary(counter, mandateId);
		model.addAttribute("mandate", mandate);
		if (!mandate.coveredNow().contains(demarche.category())) {
			model.addAttribute("notCovered",
					mandate.active() ? "Ce mandat ne couvre pas les démarches « " + demarche.category().label() + " »."
							: "Ce mandat n’est plus actif : aucune démarche ne peut être faite avec lui.");
		}
		return formPage(model, demarche, mandateId, Map.of(), Map.of());
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
		// Whatever the mandate, the checks below decide and journal the refusal.
		if (this.mandates.find(mandateId, counter.structure().id()) instanceof Summary mandate) {
			model.addAttribute("mandate", mandate);
		}
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

	/** The mandate of the current structure the aidant acts under, or why not. */
	private Summary summary(AidantAtWork counter, UUID mandateId) {
		Lookup lookup = this.mandates.find(mandateId, counter.structure().id());
		if (lookup instanceof Summary summary) {
			return summary;
		}
		if (lookup instanceof MandateSummaries.OtherStructure other) {
			throw new OtherStructureException(mandateId, other.structureId());
		}
		throw new UnknownDemarcheException();
	}

	/**
	 * The mandate is another structure's: someone who works for it too is told to switch
	 * (as on the mandate's page); anyone else is refused.
	 */
	@ExceptionHandler(OtherStructureException.class)
	String otherStructure(OtherStructureException ex, Model model, HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		model.addAttribute("status", 403);
		var other = this.currentStaff.active(SecurityContextHolder.getContext().getAuthentication())
			.flatMap(member -> member.structure(ex.structureId));
		if (other.isEmpty()) {
			return "error/403";
		}
		model.addAttribute("otherStructure", other.get());
		model.addAttribute("theOtherStructure", French.theStructure(other.get().name()));
		model.addAttribute("back", "/mandats/" + ex.mandateId);
		return "mandats/autre-structure";
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

	static class OtherStructureException extends RuntimeException {

		final UUID mandateId;

		final UUID structureId;

		OtherStructureException(UUID mandateId, UUID structureId) {
			super("Mandate of another structure");
			this.mandateId = mandateId;
			this.structureId = structureId;
		}

	}

	static class UnknownDemarcheException extends RuntimeException {

		UnknownDemarcheException() {
			super("No such démarche");
		}

	}

}
