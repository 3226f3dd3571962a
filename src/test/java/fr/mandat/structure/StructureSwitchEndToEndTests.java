package fr.mandat.structure;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
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

/** Choosing the structure one acts for, when one works for several. */
@MandatIntegrationTest
class StructureSwitchEndToEndTests {

	private static final String VILLENEUVE = "3c6e0b8a-4b1f-4a8e-9c1d-000000000001";

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private JdbcClient jdbc;

	@Test
	void anAidantOfTwoStructuresSwitchesAndEverythingFollows() {
		long before = switches("7d2f9a10-0000-4000-8000-000000000001");
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE);
		assertThat(page.locator(".fr-header")).containsText("France Services de Villeneuve");
		Accessibility.assertNoSeriousViolations(page);

		page.selectOption("#structure", new SelectOption().setLabel("Mairie de Saint-Aubin"));
		page.click("button:has-text('Agir pour cette structure')");
		assertThat(page.locator(".fr-alert--success"))
			.containsText("Vous agissez maintenant pour la Mairie de Saint-Aubin");
		assertThat(page.locator(".fr-header")).containsText("Mairie de Saint-Aubin");
		assertThat(switches("7d2f9a10-0000-4000-8000-000000000001")).isEqualTo(before + 1);

		// Saint-Aubin offers no « Justice »: the mandate form follows the structure.
		page.navigate(BASE_URL + "/mandats/nouveau");
		assertThat(page.locator("#categorie-justice")).hasCount(0);
		assertThat(page.locator("#categorie-logement")).hasCount(1);
	}

	@Test
	void aFormShownForOneStructureAndSentAfterSwitchingIsRefusedWithNothingDone() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE);
		assertThat(page.locator(".fr-header")).containsText("France Services de Villeneuve");
		String sessionBefore = sessionCookie();
		page.navigate(BASE_URL + "/mandats/nouveau");
		page.click("label[for=categorie-social]");
		page.click("label[for=duree-31]");

		// Another tab switches to the other structure.
		Page other = browser.context().newPage();
		other.navigate(BASE_URL + "/");
		other.selectOption("#structure", new SelectOption().setLabel("Mairie de Saint-Aubin"));
		other.click("button:has-text('Agir pour cette structure')");
		assertThat(other.locator(".fr-header")).containsText("Mairie de Saint-Aubin");
		assertThat(sessionCookie()).as("a new session id for the new scope").isNotEqualTo(sessionBefore);

		page.click("button:has-text('Continuer')");
		assertThat(page.locator("h1")).hasText("Formulaire d’une autre structure");
		assertThat(page.locator("main")).containsText("France Services de Villeneuve");
		assertThat(page.locator("main")).containsText("Mairie de Saint-Aubin");
		assertThat(page.locator("main")).containsText("Rien n’a été fait");
		assertThat(page).hasURL(BASE_URL + "/mandats/nouveau");
		Accessibility.assertNoSeriousViolations(page);
		// No draft was started for either structure.
		page.navigate(BASE_URL + "/mandats/nouveau/identification");
		assertThat(page.locator("main")).containsText("Aucun mandat n'est en préparation");
	}

	private String sessionCookie() {
		return browser.context()
			.cookies(BASE_URL)
			.stream()
			.filter(cookie -> cookie.name.equals("MANDAT_SESSION"))
			.map(cookie -> cookie.value)
			.findFirst()
			.orElseThrow();
	}

	@Test
	void nobodyCanSwitchToAStructureTheyDoNotBelongTo() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.LUCAS);
		String csrf = page.locator("input[name=_csrf]").first().getAttribute("value");
		String current = page.locator("input[name=_structure]").first().getAttribute("value");
		long before = switches("7d2f9a10-0000-4000-8000-000000000002");
		for (String structure : new String[] { VILLENEUVE, "pas-un-uuid" }) {
			var response = page.request()
				.post(BASE_URL + "/structure-courante",
						RequestOptions.create()
							.setForm(FormData.create()
								.set("_csrf", csrf)
								.set("_structure", current)
								.set("structure", structure)));
			assertThat(response.status()).isEqualTo(403);
		}
		page.navigate(BASE_URL + "/");
		assertThat(page.locator(".fr-header")).containsText("Mairie de Saint-Aubin");
		assertThat(switches("7d2f9a10-0000-4000-8000-000000000002")).isEqualTo(before);
	}

	private long switches(String aidant) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = 'STRUCTURE_SWITCHED' AND actor_id = ?")
			.param(aidant)
			.query(Long.class)
			.single();
	}

}
