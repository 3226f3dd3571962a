package fr.mandat.structure;

import fr.mandat.identity.StepUp;

import java.util.List;
import java.util.UUID;

import fr.mandat.structure.AidantManagement.AidantRow;
import fr.mandat.structure.AidantManagement.Deactivation;
import fr.mandat.structure.StaffMember.StructureRef;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The responsable's space for their current structure: its aidants, deactivation, the
 * démarche categories it offers. Everything is decided from the application's tables: the
 * responsable role in the current structure, the aidant's memberships.
 */
@Controller
class ResponsableController {

	/** Expiring mandates listed on the page (the rest through the list of mandates). */
	static final int EXPIRING_SHOWN = 50;

	private final AidantManagement management;

	private final CurrentStaff currentStaff;

	private final StructureCategories categories;

	private final Habilitations habilitations;

	private final StepUp stepUp;

	private final ObjectProvider<ExpiringMandates> expiringMandates;

	private final StaffNames names;

	ResponsableController(AidantManagement management, CurrentStaff currentStaff, StructureCategories categories,
			Habilitations habilitations, StepUp stepUp, ObjectProvider<ExpiringMandates> expiringMandates,
			StaffNames names) {
		this.expiringMandates = expiringMandates;
		this.names = names;
		this.habilitations = habilitations;
		this.stepUp = stepUp;
		this.categories = categories;
		this.management = management;
		this.currentStaff = currentStaff;
	}

	@GetMapping("/structure")
	String home() {
		return "redirect:/structure/aidants";
	}

	@GetMapping("/structure/aidants")
	String aidants(Authentication authentication, Model model) {
		Responsable responsable = responsable(authentication);
		List<AidantRow> aidants = this.management.aidantsOf(responsable.structure().id());
		model.addAttribute("structureName", responsable.structure().name());
		model.addAttribute("aidants", aidants);
		model.addAttribute("self", responsable.member().aidantId());
		model.addAttribute("lastSignIns", aidants.stream()
			.collect(java.util.stream.Collectors.toMap(AidantRow::id,
					a -> (a.lastSignInAt() != null) ? FrenchDates.DATE_TIME.format(a.lastSignInAt()) : "Jamais")));
		model.addAttribute("requests", this.habilitations.ofStructure(responsable.structure().id()));
		model.addAttribute("dates", FrenchDates.DATE_TIME);
		model.addAttribute("deactivationDates",
				aidants.stream()
					.filter(a -> a.deactivationDue() != null)
					.collect(java.util.stream.Collectors.toMap(AidantRow::id,
							a -> FrenchDates.DATE_TIME.format(a.deactivationDue()))));
		expiring(responsable, model);
		return "structure/aidants";
	}

	/** The structure's mandates that end within 30 days, the soonest first. */
	private void expiring(Responsable responsable, Model model) {
		ExpiringMandates source = this.expiringMandates.getIfAvailable();
		ExpiringMandates.Expiring expiring = (source != null) ? source.of(responsable.structure().id(), EXPIRING_SHOWN)
				: new ExpiringMandates.Expiring(List.of(), 0);
		java.util.Map<UUID, String> aidantNames = new java.util.HashMap<>();
		this.names.aidants().forEach(a -> aidantNames.put(a.id(), a.name()));
		model.addAttribute("expiring", expiring.mandates()
			.stream()
			.map(m -> new ExpiringRow(m.mandateId(), m.usagerName(), aidantNames.getOrDefault(m.aidantId(), "—"),
					String.join(", ", m.categories().stream().map(DemarcheCategory::label).toList()),
					FrenchDates.DATE_TIME.format(m.notAfter())))
			.toList());
		model.addAttribute("expiringTotal", expiring.total());
		model.addAttribute("expiringWithin", ExpiringMandates.WITHIN_DAYS);
		// The list of mandates is an aidant's page: linked only for a responsable who is
		// one.
		model.addAttribute("mandatesLinked",
				responsable.member().rolesIn(responsable.structure().id()).contains(Role.AIDANT));
	}

	@GetMapping("/structure/aidants/nouveau")
	String newAidant(Authentication authentication, Model model) {
		responsable(authentication);
		model.addAttribute("form", new PersonForm(null, null, null));
		return "structure/nouvel-aidant";
	}

	@PostMapping("/structure/aidants/nouveau")
	String requestHabilitation(Authentication authentication, @RequestParam(required = false) @Nullable String prenom,
			@RequestParam(required = false) @Nullable String nom,
			@RequestParam(required = false) @Nullable String email, Model model, HttpServletResponse response) {
		Responsable responsable = responsable(authentication);
		PersonForm form = new PersonForm(cap(prenom), cap(nom), cap(email));
		try {
			this.habilitations.request(responsable.member(), responsable.structure(), form);
			return "redirect:/structure/aidants?demande";
		}
		catch (InvalidPersonException ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			ex.errors().forEach((field, message) -> model.addAttribute("error_" + field, message));
			model.addAttribute("form", form);
			return "structure/nouvel-aidant";
		}
	}

	@GetMapping("/structure/aidants/{id}/desactivation")
	String confirm(Authentication authentication, @PathVariable UUID id, Model model) {
		Responsable responsable = responsable(authentication);
		AidantRow aidant = member(responsable, id);
		model.addAttribute("aidant", aidant);
		return "structure/desactivation";
	}

	@PostMapping("/structure/aidants/{id}/desactivation")
	String deactivate(Authentication authentication, @PathVariable UUID id,
			@RequestParam(name = "motif", required = false) @Nullable String reason, Model model,
			HttpServletResponse response, HttpSession session) {
		Responsable responsable = responsable(authentication);
		// Another structure's aidant is refused (and journaled) before anything else.
		member(responsable, id);
		try {
			// Checked before asking for a one-time code, and again once the responsable
			// has confirmed their identity (StaffSensitiveActions.Deactivating).
			String why = AidantManagement.checkDeactivation(responsable.member(), id, reason);
			return "redirect:" + this.stepUp.begin(session, responsable.member().aidantId(),
					responsable.member().subject(), responsable.structure().id(),
					StaffSensitiveActions.deactivation(id, why), "/structure/aidants/" + id + "/desactivation");
		}
		catch (StaffRuleException ex) {
			if (!"motif".equals(ex.field())) {
				throw ex;
			}
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("aidant", member(responsable, id));
			model.addAttribute("error_motif", ex.getMessage());
			model.addAttribute("motif", (reason != null && reason.length() <= 2000) ? reason : "");
			return "structure/desactivation";
		}
	}

	@PostMapping("/structure/aidants/{id}/compte")
	String retryAccount(Authentication authentication, @PathVariable UUID id) {
		Responsable responsable = responsable(authentication);
		Deactivation done = this.management.retryAccount(responsable.structure(), id);
		return "redirect:/structure/aidants?" + (done.accountPending() ? "compte=" + id : "desactive");
	}

	@GetMapping("/structure/demarches")
	String categories(Authentication authentication, Model model) {
		Responsable responsable = responsable(authentication);
		model.addAttribute("structureName", responsable.structure().name());
		model.addAttribute("all", DemarcheCategory.values());
		model.addAttribute("chosen",
				this.categories.allowed(responsable.structure().id()).stream().map(DemarcheCategory::code).toList());
		return "structure/demarches";
	}

	@PostMapping("/structure/demarches")
	String chooseCategories(Authentication authentication,
			@RequestParam(name = "categories", required = false) @Nullable List<String> codes, Model model,
			HttpServletResponse response) {
		Responsable responsable = responsable(authentication);
		try {
			if (codes != null && codes.size() > DemarcheCategory.values().length) {
				throw new StaffRuleException("categories", "Trop de catégories ont été envoyées.");
			}
			this.management.chooseCategories(responsable.member(), responsable.structure(), codes);
			return "redirect:/structure/demarches?enregistre";
		}
		catch (StaffRuleException ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("structureName", responsable.structure().name());
			model.addAttribute("all", DemarcheCategory.values());
			model.addAttribute("chosen", (codes != null) ? codes : List.of());
			model.addAttribute("error_categories", ex.getMessage());
			return "structure/demarches";
		}
	}

	/** Values are kept for redisplay only up to a sane length. */
	private static @Nullable String cap(@Nullable String value) {
		return (value != null && value.length() > 1000) ? value.substring(0, 1000) : value;
	}

	private AidantRow member(Responsable responsable, UUID aidantId) {
		return this.management.aidantsOf(responsable.structure().id())
			.stream()
			.filter(a -> a.id().equals(aidantId))
			.findFirst()
			.orElseThrow(() -> new ForeignAidantException(aidantId));
	}

	/** The signed-in person, if they are the responsable of their current structure. */
	private Responsable responsable(Authentication authentication) {
		StaffMember member = this.currentStaff.active(authentication)
			.orElseThrow(() -> new AccessDeniedException("Not an active staff member"));
		StructureRef structure = this.currentStaff.currentStructure(member);
		if (!member.rolesIn(structure.id()).contains(Role.RESPONSABLE)) {
			throw new AccessDeniedException("Not the responsable of the current structure");
		}
		return new Responsable(member, structure);
	}

	private record Responsable(StaffMember member, StructureRef structure) {
	}

	/** One expiring mandate, as the page shows it. */
	record ExpiringRow(UUID id, String usager, String aidant, String categories, String notAfter) {
	}

}
