package fr.mandat.federation;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import fr.mandat.local.LocalPartnerSites;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.PageChecks;
import fr.mandat.support.StaffSessions;
import fr.mandat.support.StaffSignIn;
import fr.mandat.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aidant's side of a partner sign-in in a real browser: the choice page at phone,
 * tablet and desktop widths, chosen with the keyboard, and the redirect to the partner
 * (which the page's Content-Security-Policy must let the form lead to).
 */
@MandatIntegrationTest
class FederationChoiceEndToEndTests {

	private static final String SAINT_AUBIN = "Mairie de Saint-Aubin";

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private ApplicationContext context;

	@Autowired
	private org.springframework.jdbc.core.simple.JdbcClient sessions;

	/**
	 * Lucas's sessions end with the test, at Keycloak and here (as SessionLifetimeTests
	 * expects of the sessions earlier tests leave).
	 */
	@org.junit.jupiter.api.AfterEach
	void signLucasOut() {
		StaffSessions.endEverywhere(DemoAccount.LUCAS, this.sessions);
	}

	@AfterEach
	void realTime() {
		TestClock.reset();
	}

	@Test
	void theAidantChoosesTheUsagerWithTheKeyboardAtEveryWidthAndThePartnerSignsIn() throws Exception {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("famille"), 31);
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.LUCAS);
		String partner = LocalPartnerSites.redirectUri(LocalPartnerSites.CAF,
				LocalPartnerSites.testPort(LocalPartnerSites.CAF));
		// The partner site's page, answered by a plain server on its port (a browser's
		// request routing does not see the redirect that leads there).
		com.sun.net.httpserver.HttpServer site = com.sun.net.httpserver.HttpServer
			.create(new java.net.InetSocketAddress("localhost", LocalPartnerSites.testPort(LocalPartnerSites.CAF)), 0);
		site.createContext("/", exchange -> {
			byte[] body = "<!DOCTYPE html><html lang=\"fr\"><title>Portail CAF</title><p>Connecté</p></html>"
				.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		site.start();
		try {
			signInThroughTheChoicePage(page, mandate, partner);
		}
		finally {
			site.stop(0);
		}
	}

	private void signInThroughTheChoicePage(Page page, UUID mandate, String partner) throws Exception {
		NimbusRelyingParty caf = null;
		for (int width : new int[] { 360, 768, 1280 }) {
			page.setViewportSize(width, 800);
			caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
			page.navigate(caf.push());
			assertThat(page.locator("h1")).hasText("Se connecter à Portail CAF (simulé) pour un usager");
			Locator choice = page.locator("input[name=mandat][value='" + mandate + "']");
			assertThat(choice).hasCount(1);
			assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
				.as("no horizontal scrolling at %d px", width)
				.isTrue();
			Accessibility.assertNoSeriousViolations(page);
		}

		PageChecks.assertReachableByKeyboard(page, page.locator("#choix-usager .fr-radio-group").first());
		// Radios of one group: Space picks the focused one, the arrow keys move the
		// choice.
		Locator chosen = page.locator("input[name=mandat][value='" + mandate + "']");
		page.keyboard().press("Space");
		for (int presses = 0; presses < 1000 && !(Boolean) chosen.evaluate("r => r.checked"); presses++) {
			page.keyboard().press("ArrowDown");
		}
		assertThat(chosen).isChecked();
		PageChecks.assertReachableByKeyboard(page, page.locator("#choix-usager button[type=submit]"));
		page.keyboard().press("Enter");
		page.waitForURL(url -> !url.contains("/partenaires/connexion?"),
				new Page.WaitForURLOptions().setTimeout(20_000));
		assertThat(page.url()).as(page.content()).startsWith(partner);

		Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(page.url());
		assertThat(code.find()).isTrue();
		assertThat(caf.signIn(new AuthorizationCode(code.group(1))).getStringClaim("mandate_id"))
			.isEqualTo(mandate.toString());
	}

	@Test
	void withNoUsagerToChooseTheAidantReadsWhyAndNothingIsSent() throws Exception {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.LUCAS);
		// An hour ago, none of the mandates of this run had begun.
		TestClock.shift(Duration.ofHours(-1));
		page.navigate(new NimbusRelyingParty(LocalPartnerSites.IMPOTS).push());
		assertThat(page.locator("#aucun-usager")).containsText("Aucun usager à choisir");
		assertThat(page.locator("#choix-usager")).hasCount(0);
		Accessibility.assertNoSeriousViolations(page);
	}

}
