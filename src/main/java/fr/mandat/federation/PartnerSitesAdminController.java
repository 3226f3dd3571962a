package fr.mandat.federation;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

import fr.mandat.structure.DemarcheCategory;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The admins' list of the partner sites that may sign aidants in, as configured: their
 * client id, categories, redirect addresses and how they authenticate.
 */
@Controller
class PartnerSitesAdminController {

	private final PartnerSites sites;

	PartnerSitesAdminController(PartnerSites sites) {
		this.sites = sites;
	}

	@GetMapping("/admin/partenaires")
	String list(Model model) {
		model.addAttribute("sites", this.sites.all()
			.stream()
			.map(site -> new SiteRow(site.name(), site.client().getClientId(),
					site.categories().stream().sorted(Comparator.naturalOrder()).map(DemarcheCategory::label).toList(),
					site.settings().redirectUris().stream().map(URI::toString).sorted().toList(),
					(site.settings().jwksUri() != null) ? "Clés publiées (" + site.settings().jwksUri() + ")"
							: "Clé publique dans la configuration"))
			.toList());
		return "admin/partenaires";
	}

	/** One partner site as the page shows it. */
	record SiteRow(String name, String clientId, List<String> categories, List<String> redirectUris, String keys) {
	}

}
