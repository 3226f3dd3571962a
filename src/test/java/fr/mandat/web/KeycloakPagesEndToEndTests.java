package fr.mandat.web;

import com.microsoft.playwright.Page;
import fr.mandat.local.TestPorts;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.PageChecks;
import fr.mandat.support.StaffSignIn;
import fr.mandat.support.Totp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak's pages in Mandat's theme (keycloak/themes): the DSFR, French written for the
 * aidants, errors beside the fields, the same axe checks as the application's pages; the
 * usagers' realm labelled as the FranceConnect stand-in.
 */
@MandatIntegrationTest
class KeycloakPagesEndToEndTests {

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Test
	void signInAndOneTimeCodeLookLikeMandatAndExplainMistakesBesideTheField() {
		Page page = browser.page();
		page.navigate(BASE_URL + "/");
		page.waitForSelector("#username");
		assertThat(page).hasTitle("Connexion — Mandat");
		assertThat(page.locator("h1")).hasText("Se connecter à Mandat");
		assertThat(page.locator(".fr-header .fr-logo")).containsText("République");
		assertThat((String) page.evaluate("() => getComputedStyle(document.body).fontFamily")).contains("Marianne");
		checks(page);

		page.fill("#username", DemoAccount.ZOE.username());
		page.fill("#password", "pas-le-bon-mot-de-passe");
		page.click("#kc-login");
		assertThat(page.locator("#input-error")).hasText("Identifiant ou mot de passe incorrect.");
		assertThat(page.locator("#password")).hasAttribute("aria-invalid", "true");
		assertThat(page.locator("#username")).hasValue(DemoAccount.ZOE.username());
		checks(page);

		page.fill("#password", DemoAccount.PASSWORD);
		page.click("#kc-login");
		page.waitForSelector("#otp");
		assertThat(page.locator("h1")).hasText("Code à usage unique");
		assertThat(page.locator("main")).not().containsText("OTP");
		checks(page);
		// (Zoé is known to Keycloak only: SignInEndToEndTests follows her to Mandat's
		// page.)

		// A wrong code (another account: Keycloak locks one after two quick failures).
		try (var other = browser.context().browser().newContext()) {
			Page ines = other.newPage();
			StaffSignIn.enterPassword(ines, DemoAccount.INES);
			ines.fill("#otp", "000000".equals(Totp.currentCode(DemoAccount.INES.totpSecret())) ? "111111" : "000000");
			ines.click("#kc-login");
			assertThat(ines.locator("#input-error-otp-code")).containsText("Ce code n'est pas le bon");
			assertThat(ines.locator("#otp")).hasAttribute("aria-invalid", "true");
			checks(ines);
		}
	}

	@Test
	void theUsagersRealmIsLabelledAsTheFranceConnectStandIn() {
		Page page = browser.page();
		StaffSignIn.signIn(page, DemoAccount.CAMILLE);
		page.navigate(BASE_URL + "/mandats/nouveau");
		page.click("label[for=categorie-social]");
		page.click("label[for=duree-31]");
		page.click("button:has-text('Continuer')");
		page.click("button:has-text('Identifier l\\'usager')");
		page.waitForURL(url -> url.contains("/realms/usagers/"));
		page.waitForSelector("#password");
		assertThat(page.locator(".fr-header")).containsText("Simulateur FranceConnect");
		assertThat(page.locator("h1")).hasText("S'identifier avec FranceConnect (simulé)");
		assertThat(page.locator("main")).containsText("L’aidant ne doit ni les voir ni les saisir à votre place");
		checks(page);
		page.fill("#username", "jeanne.dupont");
		page.fill("#password", "pas-le-bon");
		page.click("#kc-login");
		assertThat(page.locator("#input-error")).isVisible();
		checks(page);
	}

	@Test
	void keycloaksErrorPageIsMandatsToo() {
		Page page = browser.page();
		page.navigate(TestPorts.keycloakUrl()
				+ "/realms/mandat/protocol/openid-connect/auth?client_id=inconnu&response_type=code&scope=openid"
				+ "&redirect_uri=http%3A%2F%2Flocalhost%2F");
		assertThat(page.locator("h1")).hasText("Connexion impossible");
		assertThat(page.locator(".fr-alert--error")).isVisible();
		checks(page);
	}

	private static void checks(Page page) {
		Accessibility.assertNoSeriousViolations(page);
		PageChecks.assertButtonsHaveTextOrLabelledIcons(page);
	}

}
