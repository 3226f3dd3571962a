package fr.mandat.federation;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import fr.mandat.federation.PartnerStatuses.Status;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.Role;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffNames;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The admins' list of the partner sites that may sign aidants in, as configured: their
 * client id, categories, redirect addresses, how they authenticate, and whether an admin
 * has disabled them. Disabling a site stops its sign-ins at once; enabling it again gives
 * back what the configuration declares (ADR 0112).
 */
@Controller
class PartnerSitesAdminController {

	private final PartnerSites sites;

	private final PartnerStatuses statuses;

	private final CurrentStaff currentStaff;

	private final StaffNames names;

	PartnerSitesAdminController(PartnerSites sites, PartnerStatuses statuses, CurrentStaff currentStaff,
			StaffNames names) {
		this.sites = sites;
		this.statuses = statuses;
		this.currentStaff = currentStaff;
		this.names = names;
	}

	@GetMapping("/admin/partenaires")
	String list(Authentication authentication, Model model) {
		admin(authentication);
		Map<String, Status> statuses = this.statuses.all();
		model.addAttribute("sites", this.sites.all().stream().map(site -> {
			Status status = statuses.get(site.client().getClientId());
			boolean enabled = status == null || status.enabled();
			return new SiteRow(site.name(), site.client().getClientId(),
					site.categories().stream().sorted(Comparator.naturalOrder()).map(DemarcheCategory::label).toList(),
					site.settings().redirectUris().stream().map(URI::toString).sorted().toList(),
					(site.settings().jwksUri() != null) ? "Clés publiées (" + site.settings().jwksUri() + ")"
							: "Clé publique dans la configuration",
					enabled, (enabled || status == null) ? null : disabledBy(status));
		}).toList());
		return "admin/partenaires";
	}

	@PostMapping("/admin/partenaires/{clientId}/desactivation")
	String disable(Authentication authentication, @PathVariable String clientId, Model model,
			HttpServletResponse response) {
		return change(authentication, clientId, false, model, response);
	}

	@PostMapping("/admin/partenaires/{clientId}/activation")
	String enable(Authentication authentication, @PathVariable String clientId, Model model,
			HttpServletResponse response) {
		return change(authentication, clientId, true, model, response);
	}

	private String change(Authentication authentication, String clientId, boolean enabled, Model model,
			HttpServletResponse response) {
		StaffMember admin = admin(authentication);
		if (this.sites.find(clientId).isEmpty()) {
			response.setStatus(HttpServletResponse.SC_NOT_FOUND);
			model.addAttribute("message", "Ce site partenaire n’est pas connu de Mandat : rien n’a été changé.");
			return "partenaires/refus";
		}
		Actor actor = Actor.aidant(admin.aidantId(), this.currentStaff.currentStructure(admin).id());
		this.statuses.change(actor, admin.aidantId(), clientId, enabled);
		return "redirect:/admin/partenaires?" + (enabled ? "active" : "desactive");
	}

	private String disabledBy(Status status) {
		String who = this.names.aidants()
			.stream()
			.filter(named -> named.id().equals(status.changedBy()))
			.map(StaffNames.Named::name)
			.findFirst()
			.orElse("un administrateur");
		return "Désactivé par " + who + " le " + fr.mandat.structure.FrenchDates.dateTime(status.changedAt());
	}

	private StaffMember admin(Authentication authentication) {
		StaffMember member = this.currentStaff.active(authentication)
			.orElseThrow(() -> new AccessDeniedException("Not an active staff member"));
		if (member.memberships().stream().noneMatch(m -> m.role() == Role.ADMIN)) {
			throw new AccessDeniedException("Not an admin");
		}
		return member;
	}

	/** One partner site as the page shows it. */
	record SiteRow(String name, String clientId, List<String> categories, List<String> redirectUris, String keys,
			boolean enabled, @Nullable String disabledBy) {
	}

}
