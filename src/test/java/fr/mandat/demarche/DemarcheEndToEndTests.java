package fr.mandat.demarche;

import java.util.List;
import java.util.UUID;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.microsoft.playwright.Page;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.PartnerSimulator;
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
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE, "/mandats/" + mandate);
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

		// « Argent »: sent once the aidant gives a fresh one-time code, without a second
		// click.
		assertThat(page.locator(".fr-notice")).containsText("nouveau code à usage unique");
		page.fill("#numeroFiscal", "1234567890123");
		page.fill("#annee", "2025");
		page.click("button:has-text('Envoyer la démarche')");
		page.waitForURL(url -> url.contains("/realms/mandat/"));
		StaffSignIn.confirmIdentity(page, DemoAccount.CAMILLE);
		assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/demarches/resultats/[0-9a-f-]{36}$"));
		assertThat(page.locator(".fr-alert--success")).containsText("Démarche transmise");
		assertThat(page.locator(".fr-alert--success")).containsText("Référence à donner à l’usager");
		Accessibility.assertNoSeriousViolations(page);
		assertThat(executions(mandate)).isEqualTo(1);

		// Revoked meanwhile: the same form is refused, with the reason.
		fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE);
		page.navigate(BASE_URL + "/demarches/copie-avis-imposition?mandat=" + mandate);
		page.fill("#numeroFiscal", "1234567890123");
		page.fill("#annee", "2025");
		page.click("button:has-text('Envoyer la démarche')");
		StaffSignIn.confirmIdentity(page, DemoAccount.CAMILLE);
		assertThat(page.locator(".fr-alert--error")).containsText("révoqué");
		assertThat(executions(mandate)).isEqualTo(1);
		assertThat(page.navigate(BASE_URL + "/demarches/inconnue?mandat=" + mandate).status()).isEqualTo(404);
	}

	@Test
	void reloadBackDoubleClickAndTwoTabsLeadToOneSubmissionAtThePartner() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("transports"), 31);
		PartnerSimulator partner = LocalInfrastructure.get().partners().get("immatriculation").orElseThrow();
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE,
				"/demarches/changement-adresse-certificat?mandat=" + mandate);
		fillAddress(page, "12 rue des Lilas");
		page.click("button:has-text('Envoyer la démarche')");
		assertThat(page.locator(".fr-alert--success")).containsText("Démarche transmise");
		UUID key = UUID.fromString(page.url().replaceAll(".*/resultats/", ""));
		String reference = page.locator(".fr-alert--success strong").textContent();
		assertThat(partner.submissions(key)).isEqualTo(1);

		// Reload: the result page again, nothing sent.
		page.reload();
		assertThat(page.locator(".fr-alert--success strong")).hasText(reference);
		// Back to the form (pages are never cached: it comes back empty, with a new key)
		// and the same démarche sent again: recognised, not sent a second time.
		page.goBack();
		assertThat(page.locator("#adresse")).isVisible();
		fillAddress(page, "12 rue des Lilas");
		page.click("button:has-text('Envoyer la démarche')");
		assertThat(page.locator(".fr-alert--success strong")).hasText(reference);
		assertThat(page.locator("main")).containsText("n’a pas été envoyée une seconde fois");
		assertThat(executions(mandate)).isEqualTo(1);
		assertThat(partner.requests(key)).isEqualTo(1);

		// The same form in two tabs, sent from both.
		page.navigate(BASE_URL + "/demarches/changement-adresse-certificat?mandat=" + mandate);
		fillAddress(page, "3 place de la Gare");
		Page second = browser.context().newPage();
		second.navigate(BASE_URL + "/demarches/changement-adresse-certificat?mandat=" + mandate);
		String formKey = page.locator("input[name=cle]").inputValue();
		second.locator("input[name=cle]").evaluate("(input, key) => input.value = key", formKey);
		fillAddress(second, "3 place de la Gare");
		page.click("button:has-text('Envoyer la démarche')");
		second.click("button:has-text('Envoyer la démarche')");
		assertThat(page).hasURL(BASE_URL + "/demarches/resultats/" + formKey);
		assertThat(second).hasURL(BASE_URL + "/demarches/resultats/" + formKey);
		assertThat(executions(mandate)).isEqualTo(2);
		assertThat(partner.submissions(UUID.fromString(formKey))).isEqualTo(1);

		// A double-click, and two requests racing with the same key: one execution.
		page.navigate(BASE_URL + "/demarches/changement-adresse-certificat?mandat=" + mandate);
		fillAddress(page, "8 allée des Tilleuls");
		page.dblclick("button:has-text('Envoyer la démarche')");
		assertThat(page.locator(".fr-alert--success")).containsText("Démarche transmise");
		assertThat(executions(mandate)).isEqualTo(3);
		page.navigate(BASE_URL + "/demarches/changement-adresse-certificat?mandat=" + mandate);
		String raceKey = page.locator("input[name=cle]").inputValue();
		String csrf = page.locator("main input[name=_csrf]").inputValue();
		String structure = page.locator("main input[name=_structure]").inputValue();
		String form = "_csrf=" + csrf + "&_structure=" + structure + "&cle=" + raceKey
				+ "&numeroImmatriculation=AB-123-CD&adresse=5+rue+Haute&codePostal=87000&commune=Limoges";
		String cookie = browser.context()
			.cookies(BASE_URL)
			.stream()
			.map(c -> c.name + "=" + c.value)
			.collect(java.util.stream.Collectors.joining("; "));
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest post = HttpRequest
			.newBuilder(URI.create(BASE_URL + "/demarches/changement-adresse-certificat?mandat=" + mandate))
			.header("Cookie", cookie)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		var first = http.sendAsync(post, HttpResponse.BodyHandlers.discarding());
		var other = http.sendAsync(post, HttpResponse.BodyHandlers.discarding());
		for (HttpResponse<Void> response : List.of(first.get(), other.get())) {
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location").orElseThrow())
				.endsWith("/demarches/resultats/" + raceKey);
		}
		assertThat(executions(mandate)).isEqualTo(4);
		assertThat(partner.submissions(UUID.fromString(raceKey))).isEqualTo(1);
		assertThat(partner.requests(UUID.fromString(raceKey))).isEqualTo(1);
		// Someone else's key finds nothing.
		assertThat(page.navigate(BASE_URL + "/demarches/resultats/" + UUID.randomUUID()).status()).isEqualTo(404);
	}

	private static void fillAddress(Page page, String address) {
		page.fill("#numeroImmatriculation", "AB-123-CD");
		page.fill("#adresse", address);
		page.fill("#codePostal", "87000");
		page.fill("#commune", "Limoges");
	}

	private long executions(UUID mandate) {
		return this.context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
			.sql("SELECT count(*) FROM demarche_execution WHERE mandate_id = ?")
			.param(mandate)
			.query(Long.class)
			.single();
	}

	@Test
	void responsablesWithoutTheAidantRoleAndAnonymousPeopleCannotSendDemarches() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.INES);
		assertThat(page.navigate(BASE_URL + "/demarches?mandat=" + UUID.randomUUID()).status()).isEqualTo(403);
		Page anonymous = browser.context().browser().newContext().newPage();
		anonymous.navigate(BASE_URL + "/demarches?mandat=" + UUID.randomUUID());
		assertThat(anonymous.url()).doesNotStartWith(BASE_URL + "/demarches");
		anonymous.context().close();
	}

}
