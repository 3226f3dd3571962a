package fr.mandat.federation;

import java.net.URI;
import java.util.Comparator;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import fr.mandat.federation.PartnerSites.Site;
import fr.mandat.structure.CurrentStaff.AidantAtWork;
import fr.mandat.structure.DemarcheCategory;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The aidant's pages of a sign-in at a partner site: the choice of the usager (the
 * consent page of the authorization server, whose form goes back to its authorization
 * endpoint) and the French explanation of a refusal.
 */
@Controller
class PartnerSignInController {

	static final String CHOICE_PATH = "/partenaires/connexion";

	static final String REFUSAL_PATH = "/partenaires/connexion/refus";

	static final String REFUSAL_ATTRIBUTE = PartnerSignInController.class.getName() + ".refusal";

	private final PartnerSites sites;

	private final PartnerSignIns signIns;

	private final PartnerStatuses statuses;

	PartnerSignInController(PartnerSites sites, PartnerSignIns signIns, PartnerStatuses statuses) {
		this.sites = sites;
		this.signIns = signIns;
		this.statuses = statuses;
	}

	@GetMapping(CHOICE_PATH)
	String choice(AidantAtWork aidant, @RequestParam("client_id") String clientId, @RequestParam("state") String state,
			@RequestParam(name = "scope", defaultValue = "openid") String scope, Model model,
			HttpServletResponse response) {
		Site site = this.sites.find(clientId).orElse(null);
		if (site == null) {
			response.setStatus(HttpServletResponse.SC_NOT_FOUND);
			model.addAttribute("message", "Ce site partenaire n’est pas connu de Mandat.");
			return "partenaires/refus";
		}
		if (!this.statuses.enabled(clientId)) {
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			model.addAttribute("message", "Le site « " + site.name()
					+ " » est désactivé dans Mandat : vous ne pouvez pas vous y connecter pour un usager.");
			return "partenaires/refus";
		}
		model.addAttribute("partner", site.name());
		model.addAttribute("structure", aidant.structure().name());
		model.addAttribute("categories",
				site.categories().stream().sorted(Comparator.naturalOrder()).map(DemarcheCategory::label).toList());
		model.addAttribute("choices", this.signIns.choices(aidant, site));
		model.addAttribute("clientId", clientId);
		model.addAttribute("state", state);
		model.addAttribute("scope", scope);
		model.addAttribute("mandateField", AidantChoice.MANDATE);
		// The form's answer is a redirect to the partner: browsers hold it to
		// form-action.
		response.setHeader("Content-Security-Policy", policy(site));
		return "partenaires/choix";
	}

	@GetMapping(REFUSAL_PATH)
	String refusal(AidantAtWork aidant, HttpSession session, Model model, HttpServletResponse response) {
		Object message = session.getAttribute(REFUSAL_ATTRIBUTE);
		session.removeAttribute(REFUSAL_ATTRIBUTE);
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		model.addAttribute("message",
				(message instanceof String text) ? text : "La connexion au site partenaire n’a pas été faite.");
		return "partenaires/refus";
	}

	private static String policy(Site site) {
		String partners = site.settings()
			.redirectUris()
			.stream()
			.map(uri -> origin(uri))
			.distinct()
			.sorted()
			.collect(Collectors.joining(" "));
		return String.join("; ", "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
				"font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
				"form-action 'self' " + partners, "frame-ancestors 'none'");
	}

	private static String origin(URI uri) {
		return uri.getScheme() + "://" + uri.getAuthority();
	}

}
