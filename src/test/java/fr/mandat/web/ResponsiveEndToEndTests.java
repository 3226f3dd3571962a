package fr.mandat.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import fr.mandat.mandate.MandateFixtures;
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

/**
 * A phone (360 px), a tablet (768 px) and a desktop (1280 px): the header collapses into
 * the DSFR menu below 992 px with the person's name, structure and « Se déconnecter »,
 * and every page's primary actions are visible and reached with the keyboard.
 */
@MandatIntegrationTest
class ResponsiveEndToEndTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	/**
	 * Each person signs in once and sees every width in turn: the page is resized, then
	 * each path loaded again at its new width.
	 */
	private static final int[] WIDTHS = { 360, 768, 1280 };

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private ApplicationContext context;

	@Test
	void primaryActionsAndTheHeaderAtEveryWidth() {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.CAMILLE, VILLENEUVE,
				List.of("argent", "social"), 31);
		Map<String, List<String>> primary = new LinkedHashMap<>();
		primary.put("/",
				List.of("#actions a:has-text('Créer un mandat')", "#actions a:has-text('Mandats et démarches')"));
		primary.put("/mandats", List.of("main a:has-text('Nouveau mandat')", "main button:has-text('Filtrer')"));
		primary.put("/mandats/" + mandate,
				List.of("main a:has-text(\"Télécharger l'attestation\")", "main a:has-text('Faire une démarche')",
						"main a:has-text('Renouveler')", "main a:has-text('Révoquer tout le mandat')"));
		primary.put("/mandats/nouveau", List.of("main button:has-text(\"Continuer vers l'identification\")"));
		primary.put("/demarches?mandat=" + mandate, List.of("main a:has-text('Obtenir une copie')"));
		primary.put("/demarches/copie-avis-imposition?mandat=" + mandate,
				List.of("main button:has-text('Envoyer la démarche')"));
		primary.put("/mandats/" + mandate + "/revocation", List.of("main button:has-text('Confirmer la révocation')"));
		try (BrowserContext sized = sizedContext()) {
			Page page = sized.newPage();
			StaffSignIn.signInAgain(page, DemoAccount.CAMILLE);
			for (int width : WIDTHS) {
				atWidth(page, width, () -> primary.forEach((path, actions) -> {
					page.navigate(BASE_URL + path);
					page.waitForLoadState();
					checkHeader(page, width);
					for (String action : actions) {
						PageChecks.assertReachableByKeyboard(page, page.locator(action).first());
					}
					PageChecks.assertButtonsHaveTextOrLabelledIcons(page);
				}));
			}
		}
	}

	@Test
	void theOtherRolesPrimaryActionsAtEveryWidth() {
		Map<DemoAccount, Map<String, String>> primary = new LinkedHashMap<>();
		primary.put(DemoAccount.HUGO,
				Map.of("/structure/aidants", "main a:has-text('Demander l’habilitation d’un aidant')",
						"/structure/demarches", "main button:has-text('Enregistrer')"));
		primary.put(DemoAccount.INES, Map.of("/audit", "main button:has-text('Vérifier tout le journal')",
				"/audit/recherche", "main button:has-text('Rechercher')"));
		primary.put(DemoAccount.PAUL, Map.of("/admin/structures", "main a:has-text('Créer une structure')",
				"/admin/habilitations", "main h1"));
		primary.forEach((account, pages) -> {
			try (BrowserContext sized = sizedContext()) {
				Page page = sized.newPage();
				StaffSignIn.signInAgain(page, account);
				for (int width : WIDTHS) {
					atWidth(page, width, () -> pages.forEach((path, action) -> {
						page.navigate(BASE_URL + path);
						page.waitForLoadState();
						Locator target = page.locator(action).first();
						if (action.endsWith("h1")) {
							assertThat(target).isVisible();
						}
						else {
							PageChecks.assertReachableByKeyboard(page, target);
						}
						PageChecks.assertButtonsHaveTextOrLabelledIcons(page);
						assertThat(page.locator((width < 992) ? "#bouton-menu" : ".fr-header__tools")).isVisible();
					}));
				}
			}
		});
		try (BrowserContext sized = sizedContext()) {
			Page anonymous = sized.newPage();
			for (int width : WIDTHS) {
				atWidth(anonymous, width, () -> {
					anonymous.navigate(BASE_URL + "/verifier");
					PageChecks.assertReachableByKeyboard(anonymous,
							anonymous.locator("main button:has-text('Vérifier')"));
					assertThat(anonymous.locator("#bouton-menu")).hasCount(0);
				});
			}
		}
	}

	private static BrowserContext sizedContext() {
		return browser.context()
			.browser()
			.newContext(new Browser.NewContextOptions().setLocale("fr-FR").setViewportSize(WIDTHS[0], 900));
	}

	/** The checks at one width, their failure named after it. */
	private static void atWidth(Page page, int width, Runnable checks) {
		page.setViewportSize(width, 900);
		try {
			checks.run();
		}
		catch (AssertionError ex) {
			throw new AssertionError("At " + width + " px: " + ex.getMessage(), ex);
		}
	}

	private static void checkHeader(Page page, int width) {
		Locator menuButton = page.locator("#bouton-menu");
		Locator tools = page.locator(".fr-header__tools");
		if (width < 992) {
			assertThat(tools).isHidden();
			PageChecks.assertReachableByKeyboard(page, menuButton);
			page.keyboard().press("Enter");
			Locator menu = page.locator("#menu-principal");
			assertThat(menu).hasClass(java.util.regex.Pattern.compile("fr-modal--opened"));
			assertThat(menu).containsText("Camille Martin");
			assertThat(menu).containsText(VILLENEUVE);
			assertThat(menu.locator("button:has-text('Se déconnecter')")).isVisible();
			assertThat(menu.locator("a.fr-nav__link:has-text('Mandats')").first()).isVisible();
			page.keyboard().press("Escape");
			assertThat(menu).not().hasClass(java.util.regex.Pattern.compile("fr-modal--opened"));
		}
		else {
			assertThat(menuButton).isHidden();
			assertThat(tools).containsText("Camille Martin");
			assertThat(tools).containsText(VILLENEUVE);
			assertThat(tools.locator("button:has-text('Se déconnecter')")).isVisible();
			assertThat(page.locator(".fr-nav a.fr-nav__link:has-text('Nouveau mandat')")).isVisible();
		}
	}

}
