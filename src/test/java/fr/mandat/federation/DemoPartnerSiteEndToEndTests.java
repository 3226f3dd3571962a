package fr.mandat.federation;

import fr.mandat.local.PartnerBackchannels;

import java.net.http.HttpResponse;

import java.net.http.HttpRequest;

import java.net.http.HttpClient;

import java.net.URI;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.Page;
import fr.mandat.demarche.DelegationTokens;
import fr.mandat.local.LocalPartnerSites;
import fr.mandat.local.partnersite.DemoPartnerSite;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffSessions;
import fr.mandat.support.StaffSignIn;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo partner site « Portail CAF (simulé) », a Spring Security OAuth2 client in its
 * own Spring context, signs an aidant in through Mandat in a real browser and shows what
 * it was told: the usager's pairwise identifier, the aidant and structure, the mandate
 * and the categories. (Mandat's choice page at 360, 768 and 1280 px is checked by
 * FederationChoiceEndToEndTests; here the partner's page is.)
 */
@MandatIntegrationTest
class DemoPartnerSiteEndToEndTests {

	private static final String SAINT_AUBIN = "Mairie de Saint-Aubin";

	private static final String SAINT_AUBIN_ID = "3c6e0b8a-4b1f-4a8e-9c1d-000000000002";

	private static final String LUCAS_ID = "7d2f9a10-0000-4000-8000-000000000002";

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	/** Started once Mandat answers (the site discovers it at start), for this class. */
	private static @Nullable DemoPartnerSite site;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@AfterAll
	static void stopSite() {
		if (site != null) {
			site.close();
			site = null;
		}
	}

	/**
	 * Lucas's sessions end with the test, at Keycloak and here (as SessionLifetimeTests
	 * expects of the sessions earlier tests leave).
	 */
	@AfterEach
	void signLucasOut() {
		StaffSessions.endEverywhere(DemoAccount.LUCAS, this.jdbc);
	}

	private static DemoPartnerSite site() {
		if (site == null) {
			site = DemoPartnerSite.start(MandatIntegrationTest.BASE_URL,
					LocalPartnerSites.testPort(LocalPartnerSites.CAF));
		}
		return site;
	}

	@Test
	void anAidantSignsInToThePartnerSiteAsAUsagerAndTheSiteShowsBothPeopleAndTheMandate() {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.LUCAS, SAINT_AUBIN,
				List.of("social", "famille", "logement"), 31);
		String pseudonym = this.jdbc.sql("SELECT usager_pseudonym FROM mandate WHERE id = ?")
			.param(mandate)
			.query(String.class)
			.single();
		String expectedSubject = this.context.getBean(DelegationTokens.class)
			.pairwiseSubject("allocations-familiales", pseudonym);
		DemoPartnerSite caf = site();
		Page page = browser.page();
		signInAtThePartner(page, caf, mandate);
		assertThat(page.locator("#usager-sub")).hasText(expectedSubject);
		assertThat(expectedSubject).isNotEqualTo(pseudonym);
		assertThat(page.locator("#ce-que-sait-le-portail")).containsText("ni nom");
		assertThat(page.locator("#aidant")).hasText(LUCAS_ID);
		assertThat(page.locator("#structure")).hasText(SAINT_AUBIN_ID);
		assertThat(page.locator("#mandat")).hasText(mandate.toString());
		// The mandate's categories the CAF serves (social, famille), not « logement ».
		assertThat(page.locator("#categories li").evaluateAll("items => items.map(i => i.dataset.code)")).asList()
			.containsExactlyInAnyOrder("social", "famille");
		assertThat(page.locator("#categories")).containsText("Social - Santé");
		assertThat(
				this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = 'PARTNER_SIGN_IN' AND mandate_id = ?")
					.param(mandate)
					.query(Long.class)
					.single())
			.isEqualTo(1);

		for (int width : new int[] { 360, 768, 1280 }) {
			page.setViewportSize(width, 800);
			assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
				.as("no horizontal scrolling at %d px", width)
				.isTrue();
		}
		Accessibility.assertNoSeriousViolations(page);

		page.locator("#se-deconnecter").click();
		assertThat(page.locator("#deconnecte")).containsText("Vous êtes déconnecté du portail");
		assertThat(page.locator("#se-connecter")).isVisible();
		page.navigate(caf.url() + "compte");
		assertThat(page.locator("#se-connecter")).isVisible();
	}

	@Test
	void revokingTheMandateInMandatSignsThePartnerSessionOut() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("social"), 31);
		DemoPartnerSite caf = site();
		PartnerBackchannels backchannels = PartnerBackchannels.start();
		// In the test run the CAF's logouts go to the tests' receiver; it hands them on.
		backchannels.forward(LocalPartnerSites.CAF,
				URI.create(caf.url().replaceAll("/$", "") + LocalPartnerSites.DEMO_SITE_LOGOUT_PATH));
		try {
			Page page = browser.page();
			signInAtThePartner(page, caf, mandate);
			assertThat(page.locator("#mandat")).hasText(mandate.toString());

			// The site refuses what Mandat did not sign.
			HttpResponse<Void> forged = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create(caf.url().replaceAll("/$", "") + LocalPartnerSites.DEMO_SITE_LOGOUT_PATH))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("logout_token=eyJhbGciOiJub25lIn0.e30."))
					.build(), HttpResponse.BodyHandlers.discarding());
			assertThat(forged.statusCode()).isEqualTo(400);
			page.reload();
			assertThat(page.locator("#mandat")).hasText(mandate.toString());

			fixtures.revoke(mandate, DemoAccount.LUCAS, SAINT_AUBIN);
			Awaitility.await("the demo site accepted Mandat's logout")
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(backchannels.forwardedStatus(LocalPartnerSites.CAF))
					.as("the site's answer to the logout; received: %s", backchannels.received())
					.isEqualTo(200));

			page.navigate(caf.url() + "compte");
			assertThat(page.locator("#fin-par-mandat")).containsText("Mandat a mis fin à votre session");
			assertThat(page.locator("#se-connecter")).isVisible();
			page.navigate(caf.url() + "compte");
			assertThat(page.locator("#se-connecter")).isVisible();
		}
		finally {
			backchannels.stopForwarding(LocalPartnerSites.CAF);
		}
	}

	/**
	 * From the partner's home page to its account page, choosing that mandate at Mandat.
	 */
	private static void signInAtThePartner(Page page, DemoPartnerSite caf, UUID mandate) {
		StaffSignIn.signInAgain(page, DemoAccount.LUCAS);
		page.navigate(caf.url());
		assertThat(page.locator("h1")).hasText("Bienvenue sur le Portail CAF (simulé)");
		assertThat(page.locator(".simule")).containsText("Site de démonstration");
		Accessibility.assertNoSeriousViolations(page);
		page.locator("#se-connecter").click();

		// At Mandat: the aidant, already signed in, chooses the usager and confirms.
		assertThat(page.locator("h1")).hasText("Se connecter à Portail CAF (simulé) pour un usager");
		String choice = page.locator("input[name=mandat][value='" + mandate + "']").getAttribute("id");
		page.locator("label[for='" + choice + "']").click();
		page.locator("#choix-usager button[type=submit]").click();

		// Back at the partner, which exchanged the code with its own key.
		page.waitForURL(url -> url.startsWith(caf.url() + "compte"), new Page.WaitForURLOptions().setTimeout(30_000));
		assertThat(page.locator("h1")).hasText("Vous êtes connecté pour un usager");
	}

}
