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
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Démarches as the counter needs them: only those the mandate covers now are offered, the
 * usager is named on every page, and the mandate's history tells one line per démarche
 * with its final outcome, without the refusals other structures met.
 */
@MandatIntegrationTest
class DemarcheLookEndToEndTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@RegisterExtension
	static final UnfinishedExecutions unfinished = new UnfinishedExecutions();

	@Test
	void onlyTheDemarchesTheMandateCoversNowAreOffered() {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("social"), 31);
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE, "/mandats/" + mandate);
		page.click("text=Faire une démarche pour l'usager");
		assertThat(page.locator("h1")).hasText("Faire une démarche pour Jeanne Dupont");
		assertThat(page.locator("main")).containsText("Déclarer ses ressources trimestrielles");
		assertThat(page.locator("main")).not().containsText("Obtenir une copie de l'avis d'impôt");
		assertThat(page.locator("main")).not().containsText("Changer l'adresse du certificat");
		Accessibility.assertNoSeriousViolations(page);
		page.click("text=Déclarer ses ressources trimestrielles");
		assertThat(page.locator("main")).containsText("Pour Jeanne Dupont");

		// A démarche the mandate does not cover, typed in the address bar, says so.
		page.navigate(BASE_URL + "/demarches/copie-avis-imposition?mandat=" + mandate);
		assertThat(page.locator(".fr-alert--warning")).containsText("ne couvre pas les démarches « Argent");

		fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE);
		page.navigate(BASE_URL + "/demarches?mandat=" + mandate);
		assertThat(page.locator(".fr-alert--warning")).containsText("Ce mandat n’est plus actif");
		assertThat(page.locator("main h2")).hasCount(0);
	}

	@Test
	void theHistoryTellsEachDemarcheOnceWithItsOutcomeAndNotOtherStructuresRefusals() {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"), 31);
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE);
		send(page, mandate, "1234567890123");
		assertThat(page.locator(".fr-alert--success")).containsText("Démarche transmise");
		String reference = page.locator(".fr-alert--success strong").innerText().strip();
		// The partner resets the connection: whatever the retries and reconciliation, one
		// line.
		send(page, mandate, "3999999999104");
		assertThat(page.locator("main")).containsText("Pour Jeanne Dupont");

		// Another structure's aidant tries the mandate: refused, journaled for the
		// auditors.
		try (var other = browser.context().browser().newContext()) {
			Page lucas = other.newPage();
			StaffSignIn.signInAgain(lucas, DemoAccount.LUCAS);
			assertThat(lucas.navigate(BASE_URL + "/mandats/" + mandate).status()).isEqualTo(403);
		}
		assertThat(
				count("SELECT count(*) FROM journal_entry WHERE mandate_id = ? AND action = 'ACCESS_DENIED'", mandate))
			.isOne();
		assertThat(
				count("SELECT count(*) FROM journal_entry WHERE mandate_id = ? AND action LIKE 'DEMARCHE_%'", mandate))
			.isGreaterThanOrEqualTo(4);

		page.navigate(BASE_URL + "/mandats/" + mandate);
		var rows = page.locator("#historique tbody tr");
		assertThat(rows).hasCount(3);
		assertThat(rows.nth(0)).containsText("Mandat créé");
		assertThat(rows.nth(1)).containsText("Démarche « Obtenir une copie de l'avis d'impôt");
		assertThat(rows.nth(1)).containsText("Direction générale des finances publiques");
		assertThat(rows.nth(1)).containsText("Transmise au partenaire");
		assertThat(rows.nth(1)).containsText("Référence : " + reference);
		assertThat(rows.nth(2)).containsText("Démarche « Obtenir une copie de l'avis d'impôt");
		assertThat(page.locator("#historique")).not().containsText("Accès refusé");
		assertThat(page.locator("#historique")).not().containsText("Démarche demandée");
		Accessibility.assertNoSeriousViolations(page);
	}

	private static void send(Page page, UUID mandate, String numeroFiscal) {
		page.navigate(BASE_URL + "/demarches/copie-avis-imposition?mandat=" + mandate);
		page.fill("#numeroFiscal", numeroFiscal);
		page.fill("#annee", "2025");
		page.click("button:has-text('Envoyer la démarche')");
		// « Argent » démarches leave once the aidant confirms with a fresh one-time code.
		StaffSignIn.confirmIdentity(page, DemoAccount.CAMILLE);
		page.waitForSelector(".fr-alert");
	}

	private long count(String sql, UUID mandate) {
		return this.jdbc.sql(sql).param(mandate).query(Long.class).single();
	}

}
