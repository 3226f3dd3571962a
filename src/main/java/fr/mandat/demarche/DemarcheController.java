package fr.mandat.demarche;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import fr.mandat.demarche.DemarcheExecutions.Result;
import fr.mandat.demarche.DemarcheExecutions.SubmissionView;
import fr.mandat.mandate.ForeignMandateException;
import fr.mandat.mandate.MandateSummaries;
import fr.mandat.mandate.MandateSummaries.Lookup;
import fr.mandat.mandate.MandateSummaries.Summary;
import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.identity.ActionNotDone;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.CurrentStaff.AidantAtWork;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.identity.SensitiveAction;
import fr.mandat.identity.SensitiveActionHandler;
import fr.mandat.identity.StepUp;
import fr.mandat.structure.StructureCategories;

/**
 * The aidant's pages for démarches: the catalogue for a mandate, one generic form per
 * démarche (described by its input record), and the result page.
 * <p>
 * Each form carries an idempotency key minted when it is shown. Sending it records one
 * submission under that key and redirects to the submission's result page (Post,
 * Redirect, Get): a reload, back and send again, a double-click or the same form in two
 * tabs all lead to that single submission and its result. A démarche in « Argent - Impôts
 * - Consommation » is sent only once the aidant confirms their identity ({@link StepUp}).
 */
@Controller
class DemarcheController implements SensitiveActionHandler {

	static final String KEY = "cle";

	private static final String INPUT = "saisie";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DemarcheCatalogue catalogue;

	private final DemarcheExecutions executions;

	private final CurrentStaff currentStaff;

	private final StructureCategories structureCategories;

	private final StepUp stepUp;

	private final PersonalDataProtection personalData;

	private final MandateSummaries mandates;

	DemarcheController(DemarcheCatalogue catalogue, DemarcheExecutions executions, CurrentStaff currentStaff,
			StructureCategories structureCategories, StepUp stepUp, PersonalDataProtection personalData,
			MandateSummaries mandates) {
		this.catalogue = catalogue;
		this.executions = executions;
		this.currentStaff = currentStaff;
		this.structureCategories = structureCategories;
		this.stepUp = stepUp;
		this.personalData = personalData;
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
		return formPage(model, demarche, mandateId, UUID.randomUUID(), Map.of(), Map.of());
	}

	@PostMapping("/demarches/{id}")
	String execute(Authentication authentication, @PathVariable String id, @RequestParam("mandat") UUID mandateId,
			@RequestParam(name = KEY, required = false) @Nullable String keyParameter,
			@RequestParam Map<String, String> parameters, HttpSession session, Model model,
			HttpServletResponse response) {
		AidantAtWork counter = counter(authentication);
		Demarche demarche = demarche(id);
		// Named on the form if it comes back; the checks below decide (and journal) the
		// rest.
		Lookup lookup = this.mandates.find(mandateId, counter.structure().id());
		if (lookup instanceof Summary mandate) {
			model.addAttribute("mandate", mandate);
		}
		else if (lookup instanceof MandateSummaries.OtherStructure other) {
			throw ForeignMandateException.returningToMandate(other);
		}
		UUID key = parseKey(keyParameter);
		if (key == null) {
			// A form from before keys, or tampered with: shown again, with a fresh key.
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("formExpired", true);
			return formPage(model, demarche, mandateId, UUID.randomUUID(), values(demarche, parameters), Map.of());
		}
		Map<String, String> values = values(demarche, parameters);
		if (demarche.category() == DemarcheCategory.ARGENT && !submitted(key, counter)) {
			// Checked before asking for a one-time code, so that a typing error does not
			// cost one.
			Map<String, String> errors = this.executions.validate(counter.member().aidantId(), counter.structure().id(),
					mandateId, demarche, values);
			if (!errors.isEmpty()) {
				response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
				return formPage(model, demarche, mandateId, key, values, errors);
			}
			SensitiveAction action = new SensitiveAction(DemarcheRequests.EXECUTE, key.toString(),
					Map.of("demarche", List.of(demarche.id()), "mandat", List.of(mandateId.toString()), INPUT,
							List.of(seal(key, values))));
			return "redirect:" + this.stepUp.begin(session, counter.member().aidantId(), counter.member().subject(),
					counter.structure().id(), action, "/demarches/" + demarche.id() + "?mandat=" + mandateId);
		}
		Result result = this.executions.execute(key, counter.member().aidantId(), counter.structure().id(), mandateId,
				demarche, values, true);
		if (result instanceof Result.Invalid invalid) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return formPage(model, demarche, mandateId, key, values, invalid.errors());
		}
		return "redirect:/demarches/resultats/" + key;
	}

	/**
	 * Carries out a démarche in « Argent » once the aidant has confirmed their identity.
	 */
	@Override
	public String kind() {
		return DemarcheRequests.EXECUTE;
	}

	@Override
	public String carryOut(StepUp.Intent intent, Authentication authentication, HttpSession session) {
		AidantAtWork counter = counter(authentication);
		SensitiveAction action = intent.action();
		UUID key = UUID.fromString(action.object());
		UUID mandateId = UUID.fromString(action.parameter("mandat"));
		Demarche demarche = this.catalogue.demarche(action.parameter("demarche"))
			.orElseThrow(() -> new ActionNotDone("Cette démarche n’existe plus : elle n’a pas été envoyée.", "/"));
		Result result = this.executions.execute(key, counter.member().aidantId(), counter.structure().id(), mandateId,
				demarche, unseal(key, action.parameter(INPUT)), true);
		if (result instanceof Result.Invalid) {
			throw new ActionNotDone("La saisie n’est plus valable : la démarche n’a pas été envoyée. Recommencez.",
					"/demarches/" + demarche.id() + "?mandat=" + mandateId);
		}
		return "/demarches/resultats/" + key;
	}

	@GetMapping("/demarches/resultats/{key}")
	String result(Authentication authentication, @PathVariable UUID key, Model model) {
		AidantAtWork counter = counter(authentication);
		SubmissionView submission = this.executions.submission(key, counter.structure().id())
			.orElseThrow(UnknownDemarcheException::new);
		Demarche demarche = demarche(submission.demarche());
		model.addAttribute("demarche", demarche);
		model.addAttribute("partner", this.catalogue.partnerOf(demarche));
		model.addAttribute("mandateId", submission.mandateId());
		if (this.mandates.find(submission.mandateId(), counter.structure().id()) instanceof Summary mandate) {
			model.addAttribute("mandate", mandate);
		}
		model.addAttribute("repeat", submission.repeat());
		if (submission.result() instanceof Result.Refused refused) {
			model.addAttribute("refused", refused);
		}
		else {
			model.addAttribute("done", submission.result());
		}
		return "demarches/resultat";
	}

	private boolean submitted(UUID key, AidantAtWork counter) {
		return this.executions.submission(key, counter.structure().id()).isPresent();
	}

	private String formPage(Model model, Demarche demarche, UUID mandateId, UUID key, Map<String, String> values,
			Map<String, String> errors) {
		model.addAttribute("demarche", demarche);
		model.addAttribute("partner", this.catalogue.partnerOf(demarche));
		model.addAttribute("fields", demarche.form().fields());
		model.addAttribute("mandateId", mandateId);
		model.addAttribute("key", key);
		model.addAttribute("stepUp", demarche.category() == DemarcheCategory.ARGENT);
		model.addAttribute("values", values);
		model.addAttribute("errors", errors);
		model.addAttribute("errorList", List.copyOf(errors.entrySet()));
		return "demarches/formulaire";
	}

	private static Map<String, String> values(Demarche demarche, Map<String, String> parameters) {
		Map<String, String> values = new LinkedHashMap<>();
		demarche.form().fields().forEach(field -> {
			String value = parameters.get(field.name());
			if (value != null) {
				values.put(field.name(), (value.length() > DemarcheRequests.MAX_VALUE)
						? value.substring(0, DemarcheRequests.MAX_VALUE) : value);
			}
		});
		return values;
	}

	/** The input, encrypted while it waits in the session for the confirmation. */
	private String seal(UUID key, Map<String, String> values) {
		return Base64.getEncoder()
			.encodeToString(this.personalData.encrypt(JSON.writeValueAsBytes(values),
					key.toString().getBytes(StandardCharsets.UTF_8)));
	}

	private Map<String, String> unseal(UUID key, String sealed) {
		byte[] json = this.personalData.decrypt(Base64.getDecoder().decode(sealed),
				key.toString().getBytes(StandardCharsets.UTF_8));
		return JSON.readValue(json, new TypeReference<Map<String, String>>() {
		});
	}

	private static @Nullable UUID parseKey(@Nullable String key) {
		if (key == null || key.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(key);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
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
			throw ForeignMandateException.returningToMandate(other);
		}
		throw new UnknownDemarcheException();
	}

	/**
	 * The aidant at the counter: active, with the aidant role in their current structure.
	 */
	private AidantAtWork counter(Authentication authentication) {
		return this.currentStaff.aidant(authentication, null);
	}

}
