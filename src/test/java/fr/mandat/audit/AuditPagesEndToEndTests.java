package fr.mandat.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import fr.mandat.support.Browsers;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.journal.proof.cli.Verifier;
import fr.mandat.support.StaffSignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/** The auditors' page in a real browser, and who may not reach it. */
@MandatIntegrationTest
class AuditPagesEndToEndTests {

	private static Playwright playwright;

	private static Browser browser;

	@Autowired
	private JdbcClient jdbc;

	private BrowserContext context;

	private Page page;

	@BeforeAll
	static void startBrowser() {
		playwright = Playwright.create();
		browser = Browsers.launch(playwright);
	}

	@AfterAll
	static void stopBrowser() {
		playwright.close();
	}

	@BeforeEach
	void openContext() {
		this.context = browser.newContext(new Browser.NewContextOptions().setLocale("fr-FR").setAcceptDownloads(true));
		this.page = this.context.newPage();
	}

	@AfterEach
	void closeContext() {
		this.context.close();
	}

	@Test
	void auditorVerifiesTheWholeJournalFromTheBrowser() {
		StaffSignIn.signIn(this.page, DemoAccount.INES);
		this.page.click("text=Consulter le journal");

		assertThat(this.page).hasURL(BASE_URL + "/audit");
		assertThat(this.page.locator("h1")).containsText("Journal des actions");
		assertThat(this.page.locator("main")).containsText("Dernier point de contrôle signé");
		this.page.click("button:has-text('Vérifier tout le journal')");

		assertThat(this.page.locator(".fr-alert--success")).containsText("Journal intègre");

		// Find sign-ins, open one, see its proof checked.
		this.page.click("text=Rechercher dans le journal");
		this.page.selectOption("#action", "SIGNED_IN");
		this.page.click("button:has-text('Rechercher')");
		assertThat(this.page.locator("table")).containsText("Connexion");
		this.page.locator("td a").first().click();
		assertThat(this.page.locator("h1")).containsText("Entrée n° ");
		assertThat(this.page.locator(".fr-alert--success")).containsText("Preuve d'inclusion vérifiée");
		assertThat(this.page.locator("pre")).containsText("\"action\":\"SIGNED_IN\"");

		// An inverted period is explained beside the field.
		this.page.navigate(BASE_URL + "/audit/recherche?from=2026-06-02&to=2026-06-01");
		assertThat(this.page.locator("#to-erreur")).containsText("La date de début doit précéder la date de fin");
		this.page.navigate(BASE_URL + "/audit/recherche?from=pas-une-date");
		assertThat(this.page.locator("#from-erreur")).containsText("date valide");

		// Export, then check the file offline.
		this.page.navigate(BASE_URL + "/audit");
		this.page.fill("#export-count", "5");
		Download download = this.page.waitForDownload(() -> this.page.click("button:has-text('Exporter')"));
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int code = Verifier.run(new String[] { "paquet", download.path().toString() },
				new PrintStream(output, true, StandardCharsets.UTF_8));
		assertThat(code).as(output.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(output.toString(StandardCharsets.UTF_8)).contains("VÉRIFIÉ : 5 entrée(s)");
	}

	@Test
	void aidantCannotReachTheAuditorsPageAndTheAttemptIsJournaled() {
		long before = deniedFor("7d2f9a10-0000-4000-8000-000000000006");
		StaffSignIn.signIn(this.page, DemoAccount.PAUL);

		Response response = this.page.navigate(BASE_URL + "/audit");

		assertThat(response.status()).isEqualTo(403);
		assertThat(this.page.locator("h1")).containsText("Accès refusé");
		assertThat(deniedFor("7d2f9a10-0000-4000-8000-000000000006")).isEqualTo(before + 1);
	}

	private long deniedFor(String aidantId) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = 'ACCESS_DENIED' AND actor_id = :id")
			.param("id", aidantId)
			.query(Long.class)
			.single();
	}

}
