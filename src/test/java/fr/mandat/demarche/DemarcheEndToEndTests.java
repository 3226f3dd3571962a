package fr.mandat.demarche;

import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.Page;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffSignIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/** An aidant carries out a démarche from the mandate's page, in a real browser. */
@MandatIntegrationTest
class DemarcheEndToEndTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private ApplicationContext context;

	@Test
	void fromTheMandateToThePartnersAnswerWithErrorsBesideTheFields() {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent", "social"), 31);
		Page page = browser.page();
		StaffSignIn.signIn(page, DemoAccount.CAMILLE);
		page.navigate(BASE_URL + "/mandats/" + mandate);
		page.click("text=Faire une démarche pour l'usager");
		assertThat(page.locator("main")).containsText("Déclarer ses ressources trimestrielles");
		Accessibility.assertNoSeriousViolations(page);
		page.click("text=Obtenir une copie de l'avis d'impôt sur le revenu");

		page.fill("#numeroFiscal", "12");
		page.click("button:has-text('Envoyer la démarche')");
		assertThat(page.locator("#numeroFiscal-erreur")).containsText("13 chiffres");
		assertThat(page.locator("#annee-erreur")).isVisible();
		assertThat(page.locator("#numeroFiscal")).hasValue("12");
		Accessibility.assertNoSeriousViolations(page);

		page.fill("#numeroFiscal", "1234567890123");
		page.fill("#annee", "2025");
		page.click("button:has-text('Envoyer la démarche')");
		assertThat(page.locator(".fr-alert--success")).containsText("Démarche transmise");
		assertThat(page.locator(".fr-alert--success")).containsText("Référence à donner à l’usager");
		Accessibility.assertNoSeriousViolations(page);

		// Revoked meanwhile: the same form is refused, with the reason.
		fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE);
		page.navigate(BASE_URL + "/demarches/copie-avis-imposition?mandat=" + mandate);
		page.fill("#numeroFiscal", "1234567890123");
		page.fill("#annee", "2025");
		page.click("button:has-text('Envoyer la démarche')");
		assertThat(page.locator(".fr-alert--error")).containsText("révoqué");
		assertThat(page.navigate(BASE_URL + "/demarches/inconnue?mandat=" + mandate).status()).isEqualTo(404);
	}

	@Test
	void responsablesWithoutTheAidantRoleAndAnonymousPeopleCannotSendDemarches() {
		Page page = browser.page();
		StaffSignIn.signIn(page, DemoAccount.INES);
		assertThat(page.navigate(BASE_URL + "/demarches?mandat=" + UUID.randomUUID()).status()).isEqualTo(403);
		Page anonymous = browser.context().browser().newContext().newPage();
		anonymous.navigate(BASE_URL + "/demarches?mandat=" + UUID.randomUUID());
		assertThat(anonymous.url()).doesNotStartWith(BASE_URL + "/demarches");
		anonymous.context().close();
	}

}
