package fr.mandat.structure;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffSignIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/** The national team creates and edits structures; nobody else may. */
@MandatIntegrationTest
class AdminStructuresEndToEndTests {

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private JdbcClient jdbc;

	@Test
	void anAdminCreatesAStructureAndBadInputIsExplained() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.PAUL);
		page.click("text=Structures");
		assertThat(page).hasURL(BASE_URL + "/admin/structures");
		assertThat(page.locator("tbody")).containsText("France Services de Villeneuve");
		Accessibility.assertNoSeriousViolations(page);
		page.click("text=Créer une structure");
		long before = count();

		page.fill("#nom", "CCAS de Montreuil-sur-Loire");
		page.fill("#siret", "732 829 320 00075");
		page.fill("#codePostal", "4910");
		page.click("button:has-text('Enregistrer')");
		assertThat(page.locator("#siret-erreur")).containsText("clé de contrôle");
		assertThat(page.locator("#type-erreur")).containsText("Choisissez le type");
		assertThat(page.locator("#adresse-erreur")).containsText("obligatoire");
		assertThat(page.locator("#codePostal-erreur")).containsText("5 chiffres");
		assertThat(page.locator("#nom")).hasValue("CCAS de Montreuil-sur-Loire");
		Accessibility.assertNoSeriousViolations(page);

		// A SIRET another structure already has.
		page.fill("#siret", "21930077400011");
		page.selectOption("#type", new SelectOption().setLabel("Centre communal d'action sociale"));
		page.fill("#adresse", "2 place de la Mairie");
		page.fill("#codePostal", "49100");
		page.fill("#commune", "Montreuil-sur-Loire");
		page.click("button:has-text('Enregistrer')");
		assertThat(page.locator("#siret-erreur")).containsText("Une structure a déjà ce SIRET");
		assertThat(count()).isEqualTo(before);

		page.fill("#siret", "732 829 320 00074");
		page.click("button:has-text('Enregistrer')");
		assertThat(page.locator(".fr-alert--success")).containsText("Structure créée");
		assertThat(page.locator("tbody")).containsText("CCAS de Montreuil-sur-Loire");
		assertThat(count()).isEqualTo(before + 1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = 'STRUCTURE_CREATED'")
			.query(Long.class)
			.single()).isPositive();

		// Edit it.
		page.click("text=CCAS de Montreuil-sur-Loire");
		page.fill("#commune", "Montreuil-Bellay");
		page.click("button:has-text('Enregistrer')");
		assertThat(page.locator(".fr-alert--success")).containsText("Structure modifiée");
		assertThat(page.locator("tbody")).containsText("Montreuil-Bellay");
	}

	@Test
	void othersCannotReachTheAdminPages() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.HUGO);
		assertThat(page.navigate(BASE_URL + "/admin/structures").status()).isEqualTo(403);
		assertThat(page.navigate(BASE_URL + "/admin/structures/nouvelle").status()).isEqualTo(403);
		assertThat(page.locator(".fr-nav")).not().containsText("Structures");
	}

	private long count() {
		return this.jdbc.sql("SELECT count(*) FROM structure").query(Long.class).single();
	}

}
