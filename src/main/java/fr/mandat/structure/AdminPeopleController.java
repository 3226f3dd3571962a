package fr.mandat.structure;

import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import fr.mandat.identity.StepUp;
import fr.mandat.identity.SensitiveAction;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.HabilitationRequests.RequestRow;

/**
 * The national team's pages for people: habilitation requests to decide, responsables of
 * each structure, auditors. The admin role is checked in the application's own tables.
 */
@Controller
class AdminPeopleController {

	private final Habilitations habilitations;

	private final Appointments appointments;

	private final AdminAccess adminAccess;

	private final StepUp stepUp;

	private final AccountFollowUps accounts;

	AdminPeopleController(Habilitations habilitations, Appointments appointments, AdminAccess adminAccess,
			StepUp stepUp, AccountFollowUps accounts) {
		this.accounts = accounts;
		this.habilitations = habilitations;
		this.appointments = appointments;
		this.adminAccess = adminAccess;
		this.stepUp = stepUp;
	}

	@GetMapping("/admin/habilitations")
	String requests(Authentication authentication, Model model) {
		admin(authentication);
		model.addAttribute("requests", this.habilitations.open());
		model.addAttribute("dates", FrenchDates.DATE_TIME);
		return "admin/habilitations";
	}

	@GetMapping("/admin/habilitations/{id}")
	String request(Authentication authentication, @PathVariable UUID id, Model model) {
		admin(authentication);
		return requestPage(model, id, null, null);
	}

	@PostMapping("/admin/habilitations/{id}/approbation")
	String approve(Authentication authentication, @PathVariable UUID id, HttpSession session) {
		// Checked before asking for a one-time code (four eyes, still pending), and again
		// once the admin has confirmed their identity (StaffSensitiveActions.Approval).
		this.habilitations.checkApprovable(admin(authentication), id);
		return confirmFirst(authentication, session, StaffSensitiveActions.approval(id), "/admin/habilitations/" + id);
	}

	/** Keeps the action and sends the admin to confirm their identity for it. */
	private String confirmFirst(Authentication authentication, HttpSession session, SensitiveAction action,
			String cancelTo) {
		StaffMember member = this.adminAccess.member(authentication);
		return "redirect:" + this.stepUp.begin(session, member.aidantId(), member.subject(),
				this.adminAccess.structure(member), action, cancelTo);
	}

	@PostMapping("/admin/habilitations/{id}/refus")
	String refuse(Authentication authentication, @PathVariable UUID id,
			@RequestParam(name = "motif", required = false) @Nullable String reason, Model model,
			HttpServletResponse response) {
		Actor admin = admin(authentication);
		try {
			this.habilitations.refuse(admin, id, reason);
			return "redirect:/admin/habilitations?refusee";
		}
		catch (StaffRuleException ex) {
			if (!"motif".equals(ex.field())) {
				throw ex;
			}
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return requestPage(model, id, ex.getMessage(), (reason != null && reason.length() <= 2000) ? reason : "");
		}
	}

	@PostMapping("/admin/habilitations/{id}/compte")
	String retryAccount(Authentication authentication, @PathVariable UUID id) {
		admin(authentication);
		if (!this.habilitations.awaitsAccount(id)) {
			throw new StaffRuleException(null, "Cette demande n'attend pas de création de compte.");
		}
		this.accounts.retryProvisioning(id);
		return this.habilitations.awaitsAccount(id) ? "redirect:/admin/habilitations/" + id + "?compte"
				: "redirect:/admin/habilitations?accordee";
	}

	@GetMapping("/admin/structures/{id}/responsables")
	String responsables(Authentication authentication, @PathVariable UUID id, Model model) {
		admin(authentication);
		return peoplePage(model, id, Role.RESPONSABLE, new PersonForm(null, null, null));
	}

	@PostMapping("/admin/structures/{id}/responsables")
	String appointResponsable(Authentication authentication, @PathVariable UUID id,
			@RequestParam(required = false) @Nullable String prenom,
			@RequestParam(required = false) @Nullable String nom,
			@RequestParam(required = false) @Nullable String email, Model model, HttpServletResponse response) {
		return appoint(authentication, id, Role.RESPONSABLE, new PersonForm(cap(prenom), cap(nom), cap(email)), model,
				response);
	}

	@PostMapping("/admin/structures/{id}/responsables/{aidant}/retrait")
	String removeResponsable(Authentication authentication, @PathVariable UUID id, @PathVariable UUID aidant,
			HttpSession session) {
		this.appointments.checkRemovable(admin(authentication), aidant);
		return confirmFirst(authentication, session, StaffSensitiveActions.roleRemoval(id, aidant, Role.RESPONSABLE),
				"/admin/structures/" + id + "/responsables");
	}

	@GetMapping("/admin/auditeurs")
	String auditors(Authentication authentication, Model model) {
		admin(authentication);
		return peoplePage(model, this.appointments.nationalStructure(), Role.AUDITEUR,
				new PersonForm(null, null, null));
	}

	@PostMapping("/admin/auditeurs")
	String appointAuditor(Authentication authentication, @RequestParam(required = false) @Nullable String prenom,
			@RequestParam(required = false) @Nullable String nom,
			@RequestParam(required = false) @Nullable String email, Model model, HttpServletResponse response) {
		return appoint(authentication, this.appointments.nationalStructure(), Role.AUDITEUR,
				new PersonForm(cap(prenom), cap(nom), cap(email)), model, response);
	}

	@PostMapping("/admin/auditeurs/{aidant}/retrait")
	String removeAuditor(Authentication authentication, @PathVariable UUID aidant, HttpSession session) {
		this.appointments.checkRemovable(admin(authentication), aidant);
		return confirmFirst(authentication, session,
				StaffSensitiveActions.roleRemoval(this.appointments.nationalStructure(), aidant, Role.AUDITEUR),
				"/admin/auditeurs");
	}

	@PostMapping("/admin/personnes/{aidant}/compte")
	String retryAppointment(Authentication authentication, @PathVariable UUID aidant,
			@RequestParam(name = "retour", required = false) @Nullable String back) {
		admin(authentication);
		UUID request = this.habilitations.pendingAccount(aidant)
			.orElseThrow(() -> new StaffRuleException(null, "Le compte de cette personne est déjà créé."));
		this.accounts.retryProvisioning(request);
		boolean ready = !this.habilitations.awaitsAccount(request);
		String page = "auditeurs".equals(back) ? "/admin/auditeurs" : "/admin/habilitations/" + request;
		return "redirect:" + page + "?" + (ready ? "nomme" : "compte");
	}

	private String appoint(Authentication authentication, UUID structureId, Role role, PersonForm form, Model model,
			HttpServletResponse response) {
		Actor admin = admin(authentication);
		String page = (role == Role.AUDITEUR) ? "/admin/auditeurs"
				: "/admin/structures/" + structureId + "/responsables";
		try {
			this.appointments.appoint(admin, structureId, role, form);
			return "redirect:" + page + "?demande";
		}
		catch (InvalidPersonException ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			ex.errors().forEach((field, message) -> model.addAttribute("error_" + field, message));
			return peoplePage(model, structureId, role, form);
		}
	}

	private String peoplePage(Model model, UUID structureId, Role role, PersonForm form) {
		String name = this.appointments.structureName(structureId).orElseThrow(StructureNotFoundException::new);
		model.addAttribute("structureId", structureId);
		model.addAttribute("structureName", name);
		model.addAttribute("auditors", role == Role.AUDITEUR);
		model.addAttribute("people", this.appointments.holders(structureId, role));
		model.addAttribute("pending",
				this.habilitations.open()
					.stream()
					.filter(r -> r.structureId().equals(structureId) && r.role() == role
							&& r.status() == HabilitationStatus.PROVISIONING)
					.toList());
		model.addAttribute("form", form);
		return "admin/personnes";
	}

	private String requestPage(Model model, UUID id, @Nullable String reasonError, @Nullable String reason) {
		RequestRow request = this.habilitations.find(id).orElseThrow(RequestNotFoundException::new);
		model.addAttribute("request", request);
		model.addAttribute("requestedAt", FrenchDates.dateTime(request.requestedAt()));
		model.addAttribute("error_motif", reasonError);
		model.addAttribute("motif", reason);
		return "admin/habilitation";
	}

	/** Values are kept for redisplay only up to a sane length. */
	private static @Nullable String cap(@Nullable String value) {
		return (value != null && value.length() > 1000) ? value.substring(0, 1000) : value;
	}

	private Actor admin(Authentication authentication) {
		return this.adminAccess.require(authentication);
	}

}
