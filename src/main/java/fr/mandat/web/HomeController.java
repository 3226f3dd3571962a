package fr.mandat.web;

import java.util.ArrayList;
import java.util.List;

import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.French;
import fr.mandat.structure.Role;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.structure.StaffMember;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

	private final CurrentStaff currentStaff;

	HomeController(CurrentStaff currentStaff) {
		this.currentStaff = currentStaff;
	}

	@GetMapping("/")
	String home(Authentication authentication, Model model) {
		StaffMember member = this.currentStaff.active(authentication).orElseThrow();
		StructureRef structure = this.currentStaff.currentStructure(member);
		List<Role> rolesHere = member.rolesIn(structure.id());
		List<String> roles = rolesHere.stream().map(Role::label).toList();
		List<StructureRef> others = member.structures().stream().filter(s -> !s.equals(structure)).toList();
		model.addAttribute("home", new HomeView(member.displayName(), roles, structure.name(),
				French.theStructure(structure.name()), others, tiles(member, rolesHere)));
		return "home";
	}

	/**
	 * What this person can do now, each tile leading to a page they may open: the same
	 * rules as the security configuration (aidant and responsable in the current
	 * structure, auditor and admin anywhere).
	 */
	private static List<Tile> tiles(StaffMember member, List<Role> rolesHere) {
		List<Tile> tiles = new ArrayList<>();
		if (rolesHere.contains(Role.AIDANT)) {
			tiles.add(new Tile("Créer un mandat", "/mandats/nouveau",
					"Identifier l'usager et enregistrer son accord, signé et daté.",
					"Environ deux minutes, avec l'usager"));
			tiles.add(new Tile("Mandats et démarches", "/mandats",
					"Retrouver le mandat d'un usager pour faire une démarche, le renouveler ou le révoquer, télécharger son attestation.",
					null));
		}
		if (rolesHere.contains(Role.RESPONSABLE)) {
			tiles.add(new Tile("Gérer les aidants", "/structure/aidants",
					"Demander une habilitation, suivre les demandes, désactiver un aidant.", null));
			tiles.add(new Tile("Choisir les démarches", "/structure/demarches",
					"Les catégories de démarches que les nouveaux mandats proposent.", null));
		}
		if (has(member, Role.AUDITEUR)) {
			tiles.add(new Tile("Consulter le journal", "/audit",
					"Retrouver et vérifier chaque action faite au nom d'un usager.", null));
		}
		if (has(member, Role.ADMIN)) {
			tiles.add(new Tile("Structures", "/admin/structures",
					"Créer et modifier les structures, nommer leurs responsables.", null));
			tiles.add(new Tile("Habilitations", "/admin/habilitations",
					"Accorder ou refuser les demandes d'habilitation des aidants.", null));
			tiles.add(new Tile("Auditeurs", "/admin/auditeurs", "Nommer et retirer les auditeurs du journal.", null));
		}
		return tiles;
	}

	private static boolean has(StaffMember member, Role role) {
		return member.memberships().stream().anyMatch(m -> m.role() == role);
	}

	@GetMapping("/acces-refuse")
	String accessRefused(HttpServletResponse response, Model model) {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		model.addAttribute("signedIn", true);
		return "acces-refuse";
	}

	@GetMapping("/deconnexion")
	String signedOut() {
		return "deconnexion";
	}

	/**
	 * @param theStructure « la Mairie de Saint-Aubin », « France Services… »
	 */
	record HomeView(String displayName, List<String> roleLabels, String structureName, String theStructure,
			List<StructureRef> otherStructures, List<Tile> tiles) {
	}

	/**
	 * @param detail a short note under the description, if any
	 */
	record Tile(String title, String href, String description, @Nullable String detail) {
	}

}
