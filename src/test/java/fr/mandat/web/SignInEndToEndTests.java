package fr.mandat.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.regex.Pattern;

import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.Cookie;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffSignIn;
import fr.mandat.support.Totp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in and sign-out through the real Keycloak login pages in a real browser. Each test
 * uses its own demo account: Keycloak refuses a TOTP code used twice.
 */
@MandatIntegrationTest
class SignInEndToEndTests {

	@Autowired
	private JdbcClient jdbc;

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Test
	void aidantSignsInWithPasswordAndTotpAndIsGreetedOnTheHomePage() {
		long before = journaled("SIGNED_IN", "7d2f9a10-0000-4000-8000-000000000001");
		StaffSignIn.signIn(browser.page(), DemoAccount.CAMILLE);

		assertThat(browser.page()).hasURL(BASE_URL + "/");
		assertThat(browser.page().locator("h1")).containsText("Bonjour, Camille Martin");
		assertThat(browser.page().locator("main")).containsText("Aidant");
		// Camille works in two structures; the first one is current.
		assertThat(browser.page().locator("main")).containsText("France Services de Villeneuve");
		assertThat(browser.page().locator("main")).containsText("Mairie de Saint-Aubin");
		assertThat(journaled("SIGNED_IN", "7d2f9a10-0000-4000-8000-000000000001")).isEqualTo(before + 1);

		Response missing = browser.page().navigate(BASE_URL + "/cette-page-n-existe-pas");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(browser.page().locator("h1")).containsText("Page introuvable");
		assertThat(browser.page().content()).doesNotContainIgnoringCase("exception").doesNotContain("at fr.mandat");
	}

	@Test
	void wrongTotpCodeIsRefusedThenTheRightOneIsAccepted() {
		StaffSignIn.enterPassword(browser.page(), DemoAccount.LUCAS);
		String right = Totp.code(DemoAccount.LUCAS.totpSecret(), Clock.systemUTC());
		String wrong = String.format("%06d", (Integer.parseInt(right) + 1) % 1_000_000);

		browser.page().fill("#otp", wrong);
		browser.page().click("#kc-login");

		assertThat(browser.page())
			.hasURL(Pattern.compile("^" + fr.mandat.local.TestPorts.keycloakUrl() + "/realms/mandat/.*"));
		assertThat(browser.page().locator("#otp")).isVisible();
		assertThat(browser.page().locator("#input-error-otp-code")).containsText("Ce code n'est pas le bon");

		// Keycloak's brute-force check locks an account after two failures within a
		// second: a person types slower than that.
		browser.page().waitForTimeout(1500);
		browser.page().fill("#otp", Totp.currentCode(DemoAccount.LUCAS.totpSecret()));
		browser.page().click("#kc-login");
		assertThat(browser.page().locator("h1")).containsText("Bonjour, Lucas Bernard");
	}

	@Test
	void signOutEndsTheApplicationSessionAndTheKeycloakSession() throws Exception {
		KeycloakAdmin keycloak = new KeycloakAdmin();
		// Other tests of the run may have left sessions of hers (API tokens, HTTP
		// sign-ins).
		int sessionsBefore = keycloak.sessionCount(DemoAccount.SOPHIE);
		long signOutsBefore = journaled("SIGNED_OUT", "7d2f9a10-0000-4000-8000-000000000003");
		StaffSignIn.signIn(browser.page(), DemoAccount.SOPHIE);
		assertThat(browser.page().locator("h1")).containsText("Bonjour, Sophie Petit");
		assertThat(keycloak.sessionCount(DemoAccount.SOPHIE)).isEqualTo(sessionsBefore + 1);
		String oldSession = sessionCookie();

		browser.page().click("button:has-text('Se déconnecter')");

		assertThat(browser.page()).hasURL(BASE_URL + "/deconnexion");
		assertThat(browser.page().locator("h1")).containsText("déconnecté");
		assertThat(keycloak.sessionCount(DemoAccount.SOPHIE)).isEqualTo(sessionsBefore);
		assertThat(journaled("SIGNED_OUT", "7d2f9a10-0000-4000-8000-000000000003")).isEqualTo(signOutsBefore + 1);
		HttpResponse<Void> replay = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/"))
				.header("Cookie", "MANDAT_SESSION=" + oldSession)
				.GET()
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(replay.statusCode()).isEqualTo(302);
		assertThat(replay.headers().firstValue("Location")).hasValue(BASE_URL + "/oauth2/authorization/mandat");
	}

	@Test
	void keycloakUserWithoutAidantRecordSeesTheNoAccessPage() {
		long refusalsBefore = journaled("ACCESS_DENIED", DemoAccount.ZOE.subject());
		StaffSignIn.signIn(browser.page(), DemoAccount.ZOE);

		assertThat(browser.page()).hasURL(BASE_URL + "/acces-refuse");
		assertThat(browser.page().locator("h1")).containsText("Accès non autorisé");
		assertThat(browser.page().locator("main")).containsText("responsable");
		assertThat(journaled("ACCESS_DENIED", DemoAccount.ZOE.subject())).isEqualTo(refusalsBefore + 1);
		Response home = browser.page().navigate(BASE_URL + "/");
		assertThat(browser.page()).hasURL(BASE_URL + "/acces-refuse");
		assertThat(home.status()).isEqualTo(403);
	}

	private long journaled(String action, String actorId) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = :action AND actor_id = :actor")
			.param("action", action)
			.param("actor", actorId)
			.query(Long.class)
			.single();
	}

	private String sessionCookie() {
		return browser.context()
			.cookies(BASE_URL)
			.stream()
			.filter(c -> c.name.equals("MANDAT_SESSION"))
			.map(c -> c.value)
			.findFirst()
			.orElseThrow();
	}

}
