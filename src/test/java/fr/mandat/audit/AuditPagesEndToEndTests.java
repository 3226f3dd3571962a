package fr.mandat.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.options.SelectOption;
import com.microsoft.playwright.Response;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.journal.proof.cli.Verifier;
import fr.mandat.support.StaffSignIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/** The auditors' page in a real browser, and who may not reach it. */
@MandatIntegrationTest
class AuditPagesEndToEndTests {

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private JdbcClient jdbc;

	@Test
	void auditorVerifiesTheWholeJournalFromTheBrowser() {
		StaffSignIn.signInAgain(browser.page(), DemoAccount.INES);
		browser.page().click("text=Consulter le journal");

		assertThat(browser.page()).hasURL(BASE_URL + "/audit");
		assertThat(browser.page().locator("h1")).containsText("Journal des actions");
		assertThat(browser.page().locator("main")).containsText("Dernier point de contrôle signé");
		browser.page().click("button:has-text('Vérifier tout le journal')");

		assertThat(browser.page().locator(".fr-alert--success")).containsText("Journal intègre");

		// Find sign-ins, open one, see its proof checked.
		browser.page().click("text=Rechercher dans le journal");
		browser.page().selectOption("#aidant", new SelectOption().setLabel("Inès Moreau"));
		browser.page().selectOption("#action", "SIGNED_IN");
		browser.page().click("button:has-text('Rechercher')");
		assertThat(browser.page().locator("table")).containsText("Connexion");
		assertThat(browser.page().locator("tbody tr").first()).containsText("Inès Moreau");
		assertThat(browser.page().locator("tbody tr").first()).containsText("Équipe nationale Mandat");
		browser.page().locator("td a").first().click();
		assertThat(browser.page().locator("h1")).containsText("Entrée n° ");
		assertThat(browser.page().locator(".fr-alert--success")).containsText("Preuve d'inclusion vérifiée");
		assertThat(browser.page().locator("pre")).containsText("\"action\":\"SIGNED_IN\"");

		// An inverted period is explained beside the field.
		browser.page().navigate(BASE_URL + "/audit/recherche?from=2026-06-02&to=2026-06-01");
		assertThat(browser.page().locator("#to-erreur")).containsText("La date de début doit précéder la date de fin");
		browser.page().navigate(BASE_URL + "/audit/recherche?from=pas-une-date");
		assertThat(browser.page().locator("#from-erreur")).containsText("date valide");

		// Export, then check the file offline.
		browser.page().navigate(BASE_URL + "/audit");
		browser.page().fill("#export-count", "5");
		Download download = browser.page().waitForDownload(() -> browser.page().click("button:has-text('Exporter')"));
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int code = Verifier.run(new String[] { "paquet", download.path().toString() },
				new PrintStream(output, true, StandardCharsets.UTF_8));
		assertThat(code).as(output.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(output.toString(StandardCharsets.UTF_8)).contains("VÉRIFIÉ : 5 entrée(s)");
	}

	@Test
	void aidantCannotReachTheAuditorsPageAndTheAttemptIsJournaled() {
		long before = deniedFor("7d2f9a10-0000-4000-8000-000000000006");
		StaffSignIn.signInAgain(browser.page(), DemoAccount.PAUL);

		Response response = browser.page().navigate(BASE_URL + "/audit");

		assertThat(response.status()).isEqualTo(403);
		assertThat(browser.page().locator("h1")).containsText("Accès refusé");
		assertThat(deniedFor("7d2f9a10-0000-4000-8000-000000000006")).isEqualTo(before + 1);
	}

	private long deniedFor(String aidantId) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = 'ACCESS_DENIED' AND actor_id = :id")
			.param("id", aidantId)
			.query(Long.class)
			.single();
	}

}
