package fr.mandat.mandate;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffSignIn;
import fr.mandat.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the mandate pages refuse, in a real browser: forged or replayed identification
 * callbacks, expired drafts, bad form input, another structure's mandates, people who are
 * not aidants.
 */
@MandatIntegrationTest
class MandateRefusalsEndToEndTests {

	private static final String CAMILLE_ID = "7d2f9a10-0000-4000-8000-000000000001";

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private MandateCreation mandates;

	@Autowired
	private Clock clock;

	@Autowired
	private StaffDirectory staff;

	@Autowired
	private JdbcClient jdbc;

	@AfterEach
	void resetClock() {
		TestClock.reset();
	}

	@Test
	void badChoicesAreExplainedBesideTheirFields() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE, "/mandats/nouveau");
		page.click("button:has-text('Continuer')");
		assertThat(page.locator("#categories-erreur")).containsText("Choisissez au moins une catégorie");
		// Every error at once, not one per try.
		assertThat(page.locator("#duree-erreur")).containsText("Choisissez la durée du mandat");
		Accessibility.assertNoSeriousViolations(page);

		page.click("label[for=categorie-famille]");
		page.click("button:has-text('Continuer')");
		assertThat(page.locator("#duree-erreur")).containsText("Choisissez la durée du mandat");
		assertThat(page.locator("#categorie-famille")).isChecked();

		// A forged request with a duration that is not offered, then a category the
		// structure does not have.
		String csrf = page.locator("input[name=_csrf]").first().getAttribute("value");
		var response = page.request()
			.post(BASE_URL + "/mandats/nouveau",
					com.microsoft.playwright.options.RequestOptions.create()
						.setForm(com.microsoft.playwright.options.FormData.create()
							.set("_csrf", csrf)
							.set("_structure", page.locator("input[name=_structure]").first().getAttribute("value"))
							.set("categories", "famille")
							.set("duree", "730")));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text()).contains("pas proposée : choisissez 1 jour");
		response = page.request()
			.post(BASE_URL + "/mandats/nouveau",
					com.microsoft.playwright.options.RequestOptions.create()
						.setForm(com.microsoft.playwright.options.FormData.create()
							.set("_csrf", csrf)
							.set("_structure", page.locator("input[name=_structure]").first().getAttribute("value"))
							.set("categories", "pas-une-categorie")
							.set("duree", "31")));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text()).contains("pas proposée par votre structure");
	}

	@Test
	void forgedWrongNonceAndReplayedCallbacksAreRefusedAndJournaled() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE);
		startDraft(page);
		long refusedBefore = refusals();

		// Forged: a state this session never asked for.
		page.click("button:has-text('Identifier l\\'usager')");
		page.waitForURL(url -> url.contains("/realms/usagers/"));
		Response forged = page
			.navigate(BASE_URL + MandateFlowController.IDENTIFICATION_CALLBACK + "?code=abc&state=forged");
		assertThat(forged.status()).isEqualTo(400);
		assertThat(page.locator(".fr-alert--error")).containsText("L'identification de l'usager n'a pas abouti");
		Accessibility.assertNoSeriousViolations(page);
		assertThat(refusals()).isEqualTo(refusedBefore + 1);
		assertThat(lastRefusalReason()).isEqualTo("state");

		// Wrong nonce: the request that reaches the identity provider is altered.
		page.route("**/mandats/nouveau/identification", route -> {
			if (!"POST".equals(route.request().method())) {
				route.resume();
				return;
			}
			APIResponse redirect = route.fetch(new Route.FetchOptions().setMaxRedirects(0));
			Map<String, String> headers = new HashMap<>(redirect.headers());
			headers.put("location", headers.get("location").replaceAll("nonce=[^&]+", "nonce=autre"));
			route.fulfill(new Route.FulfillOptions().setResponse(redirect).setHeaders(headers));
		});
		page.click("button:has-text('Identifier l\\'usager')");
		page.waitForURL(url -> url.contains("/realms/usagers/"));
		page.fill("#username", "ahmed.benali");
		page.fill("#password", MandateFlowEndToEndTests.USAGER_PASSWORD);
		page.click("#kc-login");
		page.waitForURL(url -> url.startsWith(BASE_URL + "/mandats/"));
		assertThat(page.locator(".fr-alert--error")).containsText("L'identification de l'usager n'a pas abouti");
		assertThat(lastRefusalReason()).isEqualTo("nonce");
		page.unrouteAll();

		// A genuine identification; replaying its callback afterwards is refused.
		AtomicReference<String> callback = new AtomicReference<>();
		page.onRequest(request -> {
			if (request.url().contains(MandateFlowController.IDENTIFICATION_CALLBACK)) {
				callback.set(request.url());
			}
		});
		MandateFlowEndToEndTests.identifyUsager(page, "ahmed.benali");
		assertThat(page).hasURL(BASE_URL + DraftSession.RECAP);
		assertThat(page.locator("main")).containsText("Ahmed Benali");
		Response replayed = page.navigate(callback.get());
		assertThat(replayed.status()).isEqualTo(400);
		assertThat(lastRefusalReason()).isEqualTo("state");
		assertThat(this.jdbc.sql(
				"SELECT count(*) FROM journal_entry WHERE action = 'USAGER_IDENTIFIED' AND actor_id = ? AND recorded_at > now() - interval '5 minutes'")
			.param(CAMILLE_ID)
			.query(Long.class)
			.single()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void anExpiredDraftIsRefused() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE);
		startDraft(page);
		TestClock.shift(Duration.ofMinutes(21));
		Response response = page.navigate(BASE_URL + "/mandats/nouveau/identification");
		assertThat(response.status()).isEqualTo(400);
		assertThat(page.locator(".fr-alert--error")).containsText("a expiré");
		Accessibility.assertNoSeriousViolations(page);
	}

	@Test
	void anotherStructuresMandateIsForbiddenAndTheAttemptJournaled() {
		MandateTestData data = new MandateTestData(this.mandates, this.clock, this.staff);
		Mandate mandate = data.create(data.camille(), MandateTestData.newSubject(), List.of("papiers"), 31);

		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.LUCAS);
		for (String path : List.of("", "/attestation.pdf", "/revocation", "/renouvellement")) {
			Response response = page.navigate(BASE_URL + "/mandats/" + mandate.id() + path);
			assertThat(response.status()).as(path).isEqualTo(403);
		}
		assertThat(page.locator("h1")).containsText("Accès refusé");
		assertThat(this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = 'ACCESS_DENIED' AND mandate_id = ?")
			.param(mandate.id())
			.query(Long.class)
			.single()).isEqualTo(4);
		// A revocation forged with a valid CSRF token is refused as well, and changes
		// nothing.
		page.navigate(BASE_URL + "/mandats");
		assertThat(page.locator("main")).not().containsText(mandate.id().toString());
		String csrf = page.locator("input[name=_csrf]").first().getAttribute("value");
		var response = page.request()
			.post(BASE_URL + "/mandats/" + mandate.id() + "/revocation",
					com.microsoft.playwright.options.RequestOptions.create()
						.setForm(com.microsoft.playwright.options.FormData.create()
							.set("_csrf", csrf)
							.set("_structure", page.locator("input[name=_structure]").first().getAttribute("value"))));
		assertThat(response.status()).isEqualTo(403);
		assertThat(this.jdbc.sql("SELECT revoked_at IS NULL FROM mandate WHERE id = ?")
			.param(mandate.id())
			.query(Boolean.class)
			.single()).isTrue();
		// An unknown mandate is simply not found.
		assertThat(page.navigate(BASE_URL + "/mandats/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(page.navigate(BASE_URL + "/mandats/pas-un-uuid").status()).isEqualTo(404);
	}

	@Test
	void aRefusedStepUpIsJournaledAndRevokesNothing() {
		MandateTestData data = new MandateTestData(this.mandates, this.clock, this.staff);
		Mandate mandate = data.create(data.camille(), MandateTestData.newSubject(), List.of("travail"), 31);
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE);
		long refusedBefore = count("STEP_UP_REFUSED");

		page.navigate(BASE_URL + "/mandats/" + mandate.id() + "/revocation");
		page.click("button:has-text('Confirmer la révocation')");
		page.waitForURL(url -> url.contains("/realms/mandat/"));
		assertThat(page.url()).contains("acr_values=otp");
		// The aidant gives up at the identity provider, which answers "access_denied".
		String state = page.url().replaceAll(".*[?&]state=([^&]+).*", "$1");
		page.navigate(BASE_URL + "/login/oauth2/code/mandat?error=access_denied&state=" + state);

		assertThat(page).hasURL(BASE_URL + "/mandats/" + mandate.id() + "/revocation?renforcement=refuse");
		assertThat(page.locator(".fr-alert--error")).containsText("rien n'a été révoqué");
		assertThat(count("STEP_UP_REFUSED")).isEqualTo(refusedBefore + 1);
		assertThat(this.jdbc.sql("SELECT revoked_at IS NULL FROM mandate WHERE id = ?")
			.param(mandate.id())
			.query(Boolean.class)
			.single()).isTrue();
		// Still signed in: the mandate's page opens.
		assertThat(page.navigate(BASE_URL + "/mandats/" + mandate.id()).status()).isEqualTo(200);
	}

	@Test
	void abandoningADraftIsAFormPostNeverALink() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE);
		startDraft(page);
		// A link (or a prefetch) cannot throw the draft away.
		assertThat(page.request().get(BASE_URL + "/mandats/nouveau/abandon").status()).isEqualTo(405);
		page.navigate(BASE_URL + "/mandats/nouveau/identification");
		assertThat(page.locator("main")).containsText("Identifier l'usager");

		page.click("button:has-text('Abandonner ce mandat')");
		assertThat(page).hasURL(BASE_URL + "/mandats");
		page.navigate(BASE_URL + "/mandats/nouveau/identification");
		assertThat(page.locator("main")).containsText("Aucun mandat n'est en préparation");
	}

	@Test
	void someoneWhoIsNotAnAidantCannotPrepareMandates() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.INES);
		assertThat(page.navigate(BASE_URL + "/mandats/nouveau").status()).isEqualTo(403);
		assertThat(page.navigate(BASE_URL + "/mandats").status()).isEqualTo(403);
	}

	private void startDraft(Page page) {
		page.navigate(BASE_URL + "/mandats/nouveau");
		page.click("label[for=categorie-logement]");
		page.click("label[for=duree-1]");
		page.click("button:has-text('Continuer')");
		assertThat(page).hasURL(BASE_URL + "/mandats/nouveau/identification");
	}

	private long count(String action) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = ? AND actor_id = ?")
			.params(action, CAMILLE_ID)
			.query(Long.class)
			.single();
	}

	private long refusals() {
		return this.jdbc
			.sql("SELECT count(*) FROM journal_entry WHERE action = 'USAGER_IDENTIFICATION_REFUSED' AND actor_id = ?")
			.param(CAMILLE_ID)
			.query(Long.class)
			.single();
	}

	private String lastRefusalReason() {
		return this.jdbc.sql("""
				SELECT payload::json ->> 'reason' FROM journal_entry
				WHERE action = 'USAGER_IDENTIFICATION_REFUSED' AND actor_id = ?
				ORDER BY recorded_at DESC LIMIT 1
				""").param(CAMILLE_ID).query(String.class).single();
	}

}
