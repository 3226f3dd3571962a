package fr.mandat.web;

import java.nio.file.Path;
import java.time.Duration;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.PageChecks;
import fr.mandat.support.Screens;
import fr.mandat.support.StaffSignIn;
import fr.mandat.support.Totp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages of {@code docs/screens/}, at a tablet's width (768 px), each checked by axe
 * and for buttons without text or labelled icon: sign-in, one-time code, step-up, TOTP
 * setup (Keycloak's pages in Mandat's theme), the mandate's page and a démarche's result.
 * {@code -Dmandat.screens.dir=docs/screens} refreshes the committed ones (README).
 */
@MandatIntegrationTest
class ScreensEndToEndTests {

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	/**
	 * README's walkthrough on a 768-px-wide screen, from sign-in to sign-out: a new
	 * mandate with the usager's identification, signed after a step-up, its attestation,
	 * a démarche, the history, a revocation.
	 */
	@Test
	void theWalkthroughAtATabletsWidthFromSignInToSignOut() {
		try (BrowserContext tablet = Screens.tablet(browser.context().browser())) {
			Page page = tablet.newPage();
			page.navigate(BASE_URL + "/");
			page.waitForSelector("#username");
			assertThat(page.locator("h1")).hasText("Se connecter à Mandat");
			assertThat(page.locator(".fr-header")).containsText("Mandat");
			checkAndCapture(page, "connexion");

			page.fill("#username", DemoAccount.CAMILLE.username());
			page.fill("#password", DemoAccount.PASSWORD);
			page.click("#kc-login");
			page.waitForSelector("#otp");
			assertThat(page.locator("label[for=otp]")).containsText("Code à usage unique");
			// The same page as the step-up's, captured there.
			Accessibility.assertNoSeriousViolations(page);
			PageChecks.assertButtonsHaveTextOrLabelledIcons(page);
			page.fill("#otp", Totp.currentCode(DemoAccount.CAMILLE.totpSecret()));
			page.click("#kc-login");
			assertThat(page).hasURL(BASE_URL + "/");

			// The navigation is in the menu at this width.
			openMenu(page);
			page.click("#menu-principal a.fr-nav__link:has-text('Nouveau mandat')");
			page.click("label[for=categorie-social]");
			page.click("label[for=categorie-argent]");
			page.click("label[for=duree-182]");
			page.click("button:has-text('Continuer')");
			page.click("button:has-text('Identifier l\\'usager')");
			page.waitForURL(url -> url.contains("/realms/usagers/"));
			page.waitForSelector("#password");
			if (page.locator("#reset-login").count() > 0) {
				page.click("#reset-login");
				page.waitForSelector("#username");
			}
			page.fill("#username", "jeanne.dupont");
			page.fill("#password", "Usager-demo-2026!");
			page.click("#kc-login");
			page.waitForURL(url -> url.startsWith(BASE_URL + "/mandats/nouveau/recapitulatif"));
			PageChecks.assertButtonsHaveTextOrLabelledIcons(page);
			page.click("label[for=consentement]");
			page.click("button:has-text('Signer le mandat')");
			// Signing is confirmed with a fresh one-time code (step-up), then done.
			page.waitForURL(url -> url.contains("/realms/mandat/"));
			page.waitForSelector("#otp");
			assertThat(page.locator("#password")).hasCount(0);
			assertThat(page.locator("main")).containsText("avant chaque action sensible");
			checkAndCapture(page, "confirmation-identite");
			page.fill("#otp", Totp.currentCode(DemoAccount.CAMILLE.totpSecret()));
			page.click("#kc-login");
			assertThat(page.locator(".fr-alert--success")).containsText("Mandat signé");
			String mandate = page.url().replaceAll(".*/mandats/([0-9a-f-]{36}).*", "$1");
			Download attestation = page.waitForDownload(() -> page.click("text=Télécharger l'attestation"));
			assertThat(attestation.path()).isNotEmptyFile();

			page.click("text=Faire une démarche pour l'usager");
			page.click("text=Obtenir une copie de l'avis d'impôt");
			page.fill("#numeroFiscal", "1234567890123");
			page.fill("#annee", "2025");
			page.click("button:has-text('Envoyer la démarche')");
			StaffSignIn.confirmIdentity(page, DemoAccount.CAMILLE);
			assertThat(page.locator(".fr-alert--success")).containsText("Démarche transmise");
			assertThat(page.locator("main")).containsText("Pour Jeanne Dupont");
			checkAndCapture(page, "resultat-demarche");

			page.click("text=Retour au mandat");
			assertThat(page).hasURL(BASE_URL + "/mandats/" + mandate);
			assertThat(page.locator("#historique")).containsText("Transmise au partenaire");
			checkAndCapture(page, "mandat");

			page.click("text=Révoquer tout le mandat");
			assertThat(page.locator("main")).containsText("Mandat de Jeanne Dupont");
			page.click("button:has-text('Confirmer la révocation')");
			StaffSignIn.confirmIdentity(page, DemoAccount.CAMILLE);
			assertThat(page).hasURL(BASE_URL + "/mandats/" + mandate + "?revoque");
			assertThat(page.locator(".fr-badge").first()).containsText("Révoqué");

			openMenu(page);
			page.click("#menu-principal button:has-text('Se déconnecter')");
			page.waitForURL(url -> url.endsWith("/deconnexion"));
			assertThat(page.locator("h1")).hasText("Vous êtes déconnecté(e)");
		}
	}

	@Test
	void totpSetupAtATabletsWidth() {
		new KeycloakAdmin().createUser("essai.ecran", "essai.ecran@example.fr", "Essai-ecran-2026!", "CONFIGURE_TOTP");
		try (BrowserContext tablet = Screens.tablet(browser.context().browser())) {
			Page page = tablet.newPage();
			page.navigate(BASE_URL + "/");
			page.fill("#username", "essai.ecran");
			page.fill("#password", "Essai-ecran-2026!");
			page.click("#kc-login");
			page.waitForSelector("#totp");
			assertThat(page.locator("h1")).hasText("Configurer votre code à usage unique");
			assertThat(page.locator("#kc-totp-secret-qr-code")).isVisible();
			checkAndCapture(page, "configuration-code");
			page.click("#mode-manual");
			assertThat(page.locator("#kc-totp-secret-key")).not().isEmpty();
			Accessibility.assertNoSeriousViolations(page);
		}
	}

	private static void checkAndCapture(Page page, String name) {
		Accessibility.assertNoSeriousViolations(page);
		PageChecks.assertButtonsHaveTextOrLabelledIcons(page);
		Path file = Screens.capture(page, name);
		assertThat(file).exists();
	}

	/**
	 * Opens the header's menu at this width, pressing the button again if the page's
	 * script had not yet taken it over when it was first pressed.
	 */
	private static void openMenu(Page page) {
		Awaitility.await("the menu opened")
			.atMost(Duration.ofSeconds(15))
			.pollInSameThread()
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				String classes = page.locator("#menu-principal").getAttribute("class");
				if (classes != null && classes.contains("fr-modal--opened")) {
					return true;
				}
				page.click("#bouton-menu");
				return false;
			});
	}

}
