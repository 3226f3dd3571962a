package fr.mandat.mandate;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import fr.mandat.structure.FrenchDates;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.CurrentStaff.AidantAtWork;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.identity.StepUp;
import fr.mandat.mandate.MandateRefusal.Reason;
import fr.mandat.usager.IdentificationException;
import fr.mandat.usager.IdentificationUnavailableException;
import fr.mandat.usager.UsagerIdentification;
import fr.mandat.usager.UsagerIdentification.Started;
import fr.mandat.usager.Usagers.UsagerIdentity;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Creating a mandate at the counter: categories and duration, the usager's
 * identification, the recap with the usager's consent, the aidant's step-up, signing.
 */
@Controller
class MandateFlowController {

	static final String IDENTIFICATION_CALLBACK = "/mandats/identification/retour";

	static final String IDENTIFICATION_END = "/mandats/identification/fin";

	private static final int MAX_CATEGORIES = DemarcheCategory.values().length;

	private final MandateCreation creation;

	private final StructureMandates mandates;

	private final UsagerIdentification identification;

	private final CurrentStaff currentStaff;

	private final StepUp stepUp;

	MandateFlowController(MandateCreation creation, StructureMandates mandates, UsagerIdentification identification,
			CurrentStaff currentStaff, StepUp stepUp) {
		this.creation = creation;
		this.mandates = mandates;
		this.identification = identification;
		this.currentStaff = currentStaff;
		this.stepUp = stepUp;
	}

	@GetMapping("/mandats/nouveau")
	String start(AidantAtWork counter, Model model) {
		categoriesModel(model, counter);
		model.addAttribute("durations", MandateDuration.values());
		model.addAttribute("chosen", List.of());
		return "mandats/nouveau";
	}

	@PostMapping("/mandats/nouveau")
	String choose(AidantAtWork counter, @RequestParam(name = "categories", required = false) List<String> codes,
			@RequestParam(name = "duree", required = false) @Nullable String duration, HttpSession session, Model model,
			HttpServletResponse response) {
		List<String> chosen = (codes != null) ? codes : List.of();
		try {
			if (chosen.size() > MAX_CATEGORIES) {
				throw MandateRefusal.of(Reason.TOO_MANY_CATEGORIES);
			}
			MandateDraft draft = this.creation.startDraft(counter.member(), counter.structure(), chosen,
					parseDays(duration));
			session.setAttribute(DraftSession.DRAFT, draft);
			return "redirect:/mandats/nouveau/identification";
		}
		catch (MandateRefusal ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			for (MandateRefusal refusal : ex.all()) {
				RefusalFields.of(refusal.reason())
					.ifPresent(field -> model.addAttribute("error_" + field, refusal.getMessage()));
			}
			categoriesModel(model, counter);
			model.addAttribute("durations", MandateDuration.values());
			model.addAttribute("chosen", chosen);
			model.addAttribute("chosenDuration", duration);
			return "mandats/nouveau";
		}
	}

	@GetMapping("/mandats/nouveau/identification")
	String identificationPage(AidantAtWork counter, HttpSession session, Model model) {
		MandateDraft draft = draft(session, counter);
		model.addAttribute("draft", summary(draft));
		return "mandats/identification";
	}

	@PostMapping("/mandats/nouveau/identification")
	String identify(AidantAtWork counter, HttpSession session, Model model, HttpServletResponse response) {
		MandateDraft draft = draft(session, counter);
		Started started;
		try {
			started = this.identification.start(DraftSession.address(IDENTIFICATION_CALLBACK));
		}
		catch (IdentificationUnavailableException ex) {
			// The draft stays as it is: the aidant tries again in a moment.
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader("Retry-After", "30");
			model.addAttribute("draft", summary(draft));
			model.addAttribute("errorTitle", "Identification momentanément indisponible");
			model.addAttribute("error",
					"Le service d'identification des usagers ne répond pas. Le mandat en préparation est conservé : "
							+ "réessayez dans quelques instants.");
			return "mandats/identification";
		}
		draft.identificationStarted(started);
		session.setAttribute(DraftSession.DRAFT, draft);
		return "redirect:" + started.authorizationUri();
	}

	@GetMapping(IDENTIFICATION_CALLBACK)
	String identified(AidantAtWork counter, @RequestParam(required = false) @Nullable String code,
			@RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String error, HttpSession session, Model model,
			HttpServletResponse response) {
		MandateDraft draft = draft(session, counter);
		Started started = draft.identification();
		String refusal;
		if (started == null || !started.matches(state)) {
			refusal = "state";
		}
		else if (error != null || code == null || code.length() > 4096) {
			refusal = (error != null) ? "provider-error" : "no-code";
		}
		else {
			try {
				var identity = this.identification.complete(started, code);
				this.creation.identified(draft, identity, counter.actor());
				session.setAttribute(DraftSession.DRAFT, draft);
				// End the usager's session at their identity provider before going on.
				return "redirect:" + this.identification.logout(identity.idToken(),
						DraftSession.address(IDENTIFICATION_END), draft.id().toString());
			}
			catch (IdentificationException ex) {
				refusal = ex.reason();
			}
		}
		this.creation.identificationRefused(draft, refusal, counter.actor());
		if (!"state".equals(refusal)) {
			// A refused answer uses up the request: identification starts again.
			draft.identificationStarted(null);
			session.setAttribute(DraftSession.DRAFT, draft);
		}
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		model.addAttribute("draft", summary(draft));
		model.addAttribute("error", "L'identification de l'usager n'a pas abouti. Recommencez l'identification.");
		return "mandats/identification";
	}

	@GetMapping(IDENTIFICATION_END)
	String identificationEnded() {
		return "redirect:" + DraftSession.RECAP;
	}

	@GetMapping(DraftSession.RECAP)
	String recap(AidantAtWork counter, @RequestParam(name = "renforcement", required = false) String stepUp,
			HttpSession session, Model model) {
		MandateDraft draft = draft(session, counter);
		if (draft.usagerId() == null) {
			return "redirect:/mandats/nouveau/identification";
		}
		recapModel(model, draft);
		if ("refuse".equals(stepUp)) {
			model.addAttribute("error_stepUp",
					"La confirmation de votre identité n'a pas abouti : le mandat n'a pas été signé. Réessayez.");
		}
		return "mandats/recapitulatif";
	}

	@PostMapping("/mandats/nouveau/signature")
	String sign(AidantAtWork counter, @RequestParam(name = "consentement", required = false) @Nullable String consent,
			HttpSession session, Model model, HttpServletResponse response) {
		MandateDraft draft = draft(session, counter);
		if (draft.usagerId() == null) {
			return "redirect:/mandats/nouveau/identification";
		}
		if (!"oui".equals(consent)) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			recapModel(model, draft);
			model.addAttribute("error_consentement",
					"Cochez cette case pour confirmer que l'usager a été informé et donne son accord.");
			return "mandats/recapitulatif";
		}
		draft.consentConfirmed(this.mandates.now());
		session.setAttribute(DraftSession.DRAFT, draft);
		// Signed once the aidant confirms their identity (MandateSensitiveActions).
		return "redirect:" + this.stepUp.begin(session, counter.member().aidantId(), counter.member().subject(),
				counter.structure().id(), MandateSensitiveActions.signing(draft), DraftSession.RECAP);
	}

	@PostMapping("/mandats/nouveau/abandon")
	String abandon(HttpSession session) {
		session.removeAttribute(DraftSession.DRAFT);
		return "redirect:/mandats";
	}

	private void categoriesModel(Model model, AidantAtWork counter) {
		var allowed = this.creation.allowedCategories(counter.structure());
		model.addAttribute("categories", allowed);
		model.addAttribute("argentOffered", allowed.contains(DemarcheCategory.ARGENT));
	}

	private void recapModel(Model model, MandateDraft draft) {
		UUID usagerId = draft.usagerId();
		UsagerIdentity usager = (usagerId != null) ? this.mandates.usager(usagerId).orElse(null) : null;
		model.addAttribute("draft", summary(draft));
		model.addAttribute("usagerName", (usager != null) ? usager.displayName() : "");
		model.addAttribute("usagerBirthdate", (usager != null) ? FrenchDates.date(usager.birthdate()) : "");
		model.addAttribute("usagerBorn", (usager != null) ? usager.born() : "né(e)");
		model.addAttribute("consentText", ConsentWording.TEXT);
		model.addAttribute("consentConfirmation", ConsentWording.CONFIRMATION);
		model.addAttribute("consentChecked", draft.consentConfirmedAt() != null);
	}

	private DraftSummary summary(MandateDraft draft) {
		MandateDuration duration = MandateDuration.ofDays(draft.durationDays()).orElseThrow();
		Instant now = this.mandates.now();
		return new DraftSummary(draft.categories().stream().map(DemarcheCategory::label).toList(),
				draft.categories().contains(DemarcheCategory.ARGENT), duration.label(),
				FrenchDates.dateTime(now.plus(duration.duration())), draft.renews());
	}

	private MandateDraft draft(HttpSession session, AidantAtWork counter) {
		if (!(session.getAttribute(DraftSession.DRAFT) instanceof MandateDraft draft)) {
			throw MandateRefusal.of(Reason.NO_DRAFT);
		}
		try {
			this.creation.checkDraft(draft, counter.member(), counter.structure());
		}
		catch (MandateRefusal ex) {
			session.removeAttribute(DraftSession.DRAFT);
			throw ex;
		}
		return draft;
	}

	private static @Nullable Integer parseDays(@Nullable String value) {
		if (value == null || value.isBlank() || value.length() > 3) {
			return null;
		}
		try {
			return Integer.valueOf(value);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** A draft as the pages show it. */
	record DraftSummary(List<String> categories, boolean argent, String duration, String endsAt,
			@Nullable UUID renews) {
	}

}
