package fr.mandat.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.PageChecks;
import fr.mandat.support.StaffSignIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every role sees: icons that render and buttons that say what they do, a home page
 * whose every tile works, error pages that keep the header, French that reads right.
 */
@MandatIntegrationTest
class CounterLookEndToEndTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private ApplicationContext context;

	@Test
	void everyPageShowsItsIconsAndNamesItsButtons() {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.CAMILLE, VILLENEUVE,
				List.of("argent", "social"), 31);
		Map<DemoAccount, List<String>> pages = Map.of(DemoAccount.CAMILLE,
				List.of("/", "/mandats", "/mandats/" + mandate, "/mandats/nouveau", "/demarches?mandat=" + mandate,
						"/demarches/copie-avis-imposition?mandat=" + mandate, "/mandats/" + mandate + "/revocation",
						"/mandats/" + mandate + "/renouvellement"),
				DemoAccount.HUGO,
				List.of("/", "/structure/aidants", "/structure/demarches", "/structure/aidants/nouveau"),
				DemoAccount.INES, List.of("/", "/audit", "/audit/recherche"), DemoAccount.PAUL,
				List.of("/", "/admin/structures", "/admin/habilitations", "/admin/auditeurs"));
		pages.forEach((account, paths) -> {
			try (var context = browser.context().browser().newContext()) {
				Page page = context.newPage();
				StaffSignIn.signInAgain(page, account);
				for (String path : paths) {
					Response response = page.navigate(BASE_URL + path);
					assertThat(response.status()).as(path).isEqualTo(200);
					PageChecks.assertButtonsHaveTextOrLabelledIcons(page);
				}
			}
		});

		// The attestation button shows its icon and its words, not the icon alone.
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE, "/mandats/" + mandate);
		Locator download = page.locator("a.fr-icon-download-line");
		assertThat(download).hasText("Télécharger l'attestation (PDF signé)");
		assertThat((Boolean) download.evaluate("el => el.scrollWidth <= el.clientWidth + 1")).isTrue();
		page.navigate(BASE_URL + "/verifier");
		PageChecks.assertButtonsHaveTextOrLabelledIcons(page);
	}

	@Test
	void theHomePageOffersWhatEachRoleCanDoNowAndEveryTileOpens() {
		Map<DemoAccount, List<String>> expected = Map.of(DemoAccount.CAMILLE,
				List.of("Créer un mandat", "Mandats et démarches"), DemoAccount.HUGO,
				List.of("Créer un mandat", "Mandats et démarches", "Gérer les aidants", "Choisir les démarches"),
				DemoAccount.INES, List.of("Consulter le journal"), DemoAccount.PAUL,
				List.of("Structures", "Habilitations", "Auditeurs"));
		expected.forEach((account, titles) -> {
			try (var context = browser.context().browser().newContext()) {
				Page page = context.newPage();
				StaffSignIn.signInAgain(page, account);
				assertThat(page.locator("main")).not().containsText("Bientôt disponible");
				assertThat(page.locator("#actions .fr-tile__title")).hasText(titles.toArray(String[]::new));
				List<String> links = page.locator("#actions .fr-tile__title a")
					.all()
					.stream()
					.map(a -> a.getAttribute("href"))
					.toList();
				for (String link : links) {
					assertThat(page.navigate(BASE_URL + link).status()).as(account + " " + link).isEqualTo(200);
				}
			}
		});
	}

	@Test
	void errorPagesKeepTheHeaderWithTheNameAndSignOut() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE);
		Map<String, Integer> errors = Map.of("/pas-une-page", 404, "/admin/structures", 403,
				"/mandats/" + UUID.randomUUID(), 404, "/mandats/pas-un-numero", 404);
		errors.forEach((path, status) -> {
			assertThat(page.navigate(BASE_URL + path).status()).as(path).isEqualTo(status);
			assertThat(page.locator(".fr-header")).containsText("Camille Martin");
			assertThat(page.locator(".fr-header")).containsText(VILLENEUVE);
			assertThat(page.locator(".fr-header__tools button:has-text('Se déconnecter')")).hasCount(1);
			Accessibility.assertNoSeriousViolations(page);
		});
		page.click(".fr-header__tools button:has-text('Se déconnecter')");
		page.waitForURL(url -> url.endsWith("/deconnexion"));
		assertThat(page.locator("h1")).hasText("Vous êtes déconnecté(e)");
	}

	@Test
	void structureNamesAndKindsReadAsFrench() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.LUCAS, "/mandats");
		assertThat(page.locator("h1")).hasText("Mandats de la Mairie de Saint-Aubin");
		try (var context = browser.context().browser().newContext()) {
			Page admin = context.newPage();
			StaffSignIn.signInAgain(admin, DemoAccount.PAUL, "/admin/structures");
			assertThat(admin.locator("table")).not().containsText("NATIONAL");
			assertThat(admin.locator("table")).containsText("Équipe nationale");
			assertThat(admin.locator("table")).containsText("Responsables de la Mairie de Saint-Aubin");
			admin.navigate(BASE_URL + "/admin/auditeurs");
			assertThat(admin.locator("main")).containsText("Retirer le rôle d’Inès Moreau");
		}
	}

}
