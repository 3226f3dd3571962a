package fr.mandat.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.Page;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffSignIn;
import fr.mandat.support.Totp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session that ends while a form is open: the agent is told so, nothing is done, and
 * after signing in again the form comes back with what they had typed.
 */
@MandatIntegrationTest
class ExpiredSessionEndToEndTests {

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ApplicationContext context;

	@Test
	void anExpiredSessionOnAFormPostSaysSoAndGivesTheFormBackFilledIn() {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.CAMILLE, "France Services de Villeneuve",
				List.of("transports"), 31);
		Page page = browser.page();
		StaffSignIn.signIn(page, DemoAccount.CAMILLE);
		String form = BASE_URL + "/demarches/changement-adresse-certificat?mandat=" + mandate;
		page.navigate(form);
		page.fill("#numeroImmatriculation", "EF-321-GH");
		page.fill("#adresse", "14 rue du Moulin");
		page.fill("#codePostal", "87100");
		page.fill("#commune", "Limoges");

		// The session ends (idle timeout) while the agent talks with the usager.
		this.jdbc.sql("DELETE FROM spring_session WHERE principal_name = ?")
			.param(DemoAccount.CAMILLE.subject())
			.update();
		page.click("button:has-text('Envoyer la démarche')");

		assertThat(page).hasURL(BASE_URL + "/session-expiree");
		assertThat(page.locator("h1")).hasText("Votre session a expiré");
		assertThat(page.locator("main")).containsText("rien n’a été enregistré ni envoyé");
		assertThat(page.locator("body")).not().containsText("Accès refusé");
		Accessibility.assertNoSeriousViolations(page);
		assertThat(executions(mandate)).isZero();

		page.click("text=Se reconnecter et reprendre le formulaire");
		page.waitForSelector("#username, #password, #otp");
		if (page.locator("#password").count() > 0) {
			if (page.locator("#username").isEditable()) {
				page.fill("#username", DemoAccount.CAMILLE.username());
			}
			page.fill("#password", DemoAccount.PASSWORD);
			page.click("#kc-login");
		}
		page.fill("#otp", Totp.currentCode(DemoAccount.CAMILLE.totpSecret()));
		page.click("#kc-login");

		assertThat(page).hasURL(form);
		assertThat(page.locator("[role=status]").first()).containsText("vos saisies ont été remises");
		assertThat(page.locator("#numeroImmatriculation")).hasValue("EF-321-GH");
		assertThat(page.locator("#adresse")).hasValue("14 rue du Moulin");
		assertThat(page.locator("#codePostal")).hasValue("87100");
		assertThat(page.locator("#commune")).hasValue("Limoges");
		page.click("button:has-text('Envoyer la démarche')");
		assertThat(page.locator(".fr-alert--success")).containsText("Démarche transmise");
		assertThat(executions(mandate)).isOne();

		// Once only: the form opened again is empty.
		page.navigate(form);
		assertThat(page.locator("#adresse")).hasValue("");
	}

	@Test
	void aPostWithoutAnySessionIsRefusedWithoutKeepingAnything() {
		Page page = browser.page();
		var response = page.request()
			.post(BASE_URL + "/demarches/changement-adresse-certificat?mandat=" + UUID.randomUUID(),
					com.microsoft.playwright.options.RequestOptions.create()
						.setForm(com.microsoft.playwright.options.FormData.create().set("adresse", "1 rue Haute"))
						.setMaxRedirects(0));

		// No session was ever open: a plain refusal, and nothing typed is kept.
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.text()).doesNotContain("1 rue Haute");
		assertThat(this.jdbc.sql("SELECT count(*) FROM spring_session_attributes WHERE attribute_name = ?")
			.param("mandat.savedForm")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void anApiCallWithAnExpiredOrForgedTokenGetsProblemDetails() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/api/v1/demarches"))
				.header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjF9.c2lnbmF0dXJl")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("jeton d'accès valide").doesNotContain("Exception");
	}

	private long executions(UUID mandate) {
		return this.jdbc.sql("SELECT count(*) FROM demarche_execution WHERE mandate_id = ?")
			.param(mandate)
			.query(Long.class)
			.single();
	}

}
