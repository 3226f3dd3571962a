package fr.mandat.mandate;

import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffSignIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mandate pages as the counter needs them: the way to a mandate of one's other
 * structure, every error of « Nouveau mandat » at once, the usager's name and gender
 * where they act for them, and a verification page in plain words.
 */
@MandatIntegrationTest
class MandatePagesLookEndToEndTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	private static final String SAINT_AUBIN = "Mairie de Saint-Aubin";

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void aMandateOfTheOtherStructureSaysWhereToSwitchAndTheSwitchLeadsBackToIt() {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.CAMILLE, SAINT_AUBIN, List.of("famille"),
				31);
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE);
		assertThat(page.locator(".fr-header")).containsText(VILLENEUVE);

		Response response = page.navigate(BASE_URL + "/mandats/" + mandate);
		assertThat(response.status()).isEqualTo(403);
		assertThat(page.locator("main")).containsText("Ce mandat a été signé avec la Mairie de Saint-Aubin");
		assertThat(page.locator(".fr-header")).containsText("Camille Martin");
		Accessibility.assertNoSeriousViolations(page);
		page.click("button:has-text('Agir pour la Mairie de Saint-Aubin')");

		assertThat(page).hasURL(BASE_URL + "/mandats/" + mandate);
		assertThat(page.locator(".fr-header")).containsText(SAINT_AUBIN);
		assertThat(page.locator("h1")).containsText("Mandat pour Jeanne Dupont");

		// The démarches of that mandate, seen from the first structure again, say the
		// same, and the switch leads to the mandate.
		try (var other = browser.context().browser().newContext()) {
			Page second = other.newPage();
			StaffSignIn.signInAgain(second, DemoAccount.CAMILLE);
			assertThat(second.navigate(BASE_URL + "/demarches?mandat=" + mandate).status()).isEqualTo(403);
			second.click("button:has-text('Agir pour la Mairie de Saint-Aubin')");
			// After switching, the mandate's page: the démarches list asked for was of
			// the
			// other structure's view.
			assertThat(second).hasURL(BASE_URL + "/mandats/" + mandate);
			assertThat(second.locator(".fr-header")).containsText(SAINT_AUBIN);
		}
	}

	@Test
	void someoneOutsideTheMandatesStructureIsRefusedWithoutASwitch() {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.CAMILLE, VILLENEUVE, List.of("famille"),
				31);
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.LUCAS);
		assertThat(page.navigate(BASE_URL + "/mandats/" + mandate).status()).isEqualTo(403);
		assertThat(page.locator("h1")).hasText("Accès refusé");
		assertThat(page.locator("main button")).hasCount(0);
		assertThat(page.locator(".fr-header")).containsText("Lucas Bernard");
	}

	@Test
	void newMandateStepOneShowsEveryErrorAtOnce() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE, "/mandats/nouveau");
		page.click("button:has-text('Continuer vers l')");
		assertThat(page.locator("#categories-erreur")).containsText("Choisissez au moins une catégorie");
		assertThat(page.locator("#duree-erreur")).containsText("Choisissez la durée du mandat");
		Accessibility.assertNoSeriousViolations(page);

		page.click("label[for=categorie-social]");
		page.click("button:has-text('Continuer vers l')");
		assertThat(page.locator("#categorie-social")).isChecked();
		assertThat(page.locator("#categories-erreur")).isEmpty();
		assertThat(page.locator("#duree-erreur")).containsText("Choisissez la durée du mandat");
	}

	@Test
	void pagesActingForTheUsagerNameThemWithTheirGender() {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.CAMILLE, VILLENEUVE,
				List.of("famille", "social"), 31);
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE, "/mandats/" + mandate);
		assertThat(page.locator("main")).containsText("Jeanne Dupont, née le 14 mars 1956");
		page.click("text=Révoquer tout le mandat");
		assertThat(page.locator("main")).containsText("Mandat de Jeanne Dupont");
		assertThat(page.locator("main")).containsText("Vous ne pourrez plus faire ces démarches pour Jeanne Dupont");
		page.navigate(BASE_URL + "/mandats/" + mandate + "/renouvellement");
		assertThat(page.locator("main")).containsText("Mandat de Jeanne Dupont");
	}

	@Test
	void theVerificationPageSpeaksPlainlyAndKeepsTheSignatureInTechnicalDetails() {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("famille", "social"), 31);
		String digest = this.jdbc.sql("SELECT digest FROM mandate WHERE id = ?")
			.param(mandate)
			.query(String.class)
			.single();
		String jws = this.jdbc.sql("SELECT jws FROM mandate WHERE id = ?").param(mandate).query(String.class).single();
		Page page = browser.page();
		page.navigate(BASE_URL + "/verifier/" + mandate + "?empreinte=" + digest);
		assertThat(page.locator(".fr-alert--success")).containsText("Ce mandat est valable jusqu’au");
		assertThat(page.locator("main")).containsText("Signé avec");
		assertThat(page.locator("main")).containsText(VILLENEUVE);
		assertThat(page.locator("#couvertes")).containsText("Famille");
		assertThat(page.locator("#couvertes")).containsText("Social - Santé");
		assertThat(page.getByText(jws.substring(0, 40))).isHidden();
		Accessibility.assertNoSeriousViolations(page);
		page.click("summary:has-text('Détails techniques')");
		assertThat(page.getByText(jws.substring(0, 40))).isVisible();

		fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE);
		page.navigate(BASE_URL + "/verifier/" + mandate + "?empreinte=" + digest);
		assertThat(page.locator(".fr-alert--error")).containsText("Ce mandat a été révoqué le");
		assertThat(page.locator("#non-couvertes")).containsText("Famille - Scolarité (révoquée le");
		Accessibility.assertNoSeriousViolations(page);
	}

}
