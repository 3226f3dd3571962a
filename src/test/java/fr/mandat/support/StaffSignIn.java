package fr.mandat.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;

/** Signs in through the real Keycloak login pages, as a person would. */
public final class StaffSignIn {

	/**
	 * Each account's Keycloak single sign-on cookies from its last sign-in of the run
	 * (never the application's own session cookie).
	 */
	private static final Map<DemoAccount, List<Cookie>> KEYCLOAK_SESSIONS = new ConcurrentHashMap<>();

	/** A generous wait for one step of a sign-in (not an assertion about speed). */
	private static final double SLOW_STEP_MS = 120_000;

	private StaffSignIn() {
	}

	/**
	 * Signs in as a person who signed in earlier with this browser would: Keycloak still
	 * knows the password was given (its session from an earlier sign-in of the run) and
	 * asks only for the one-time code, which the realm asks for at every sign-in. When
	 * that Keycloak session has ended (signed out, revoked, deactivated), the password is
	 * asked and given. For tests that need someone signed in but are not about signing
	 * in; the application's session is new each time, as after any sign-in.
	 */
	public static void signInAgain(Page page, DemoAccount account) {
		signInAgain(page, account, "/");
	}

	/**
	 * As {@link #signInAgain(Page, DemoAccount)}, starting from the page at {@code path}
	 * (on the application), where the sign-in ends, as for a person who opened that page
	 * and was asked to sign in first; the test need not load it again.
	 */
	public static void signInAgain(Page page, DemoAccount account, String path) {
		List<Cookie> known = KEYCLOAK_SESSIONS.get(account);
		if (known != null) {
			page.context().addCookies(known);
		}
		page.navigate(MandatIntegrationTest.BASE_URL + path, new Page.NavigateOptions().setTimeout(SLOW_STEP_MS));
		page.waitForSelector("#password, #otp", new Page.WaitForSelectorOptions().setTimeout(SLOW_STEP_MS));
		if (page.locator("#password").count() > 0) {
			if (page.locator("#username").count() > 0 && page.locator("#username").isEditable()) {
				page.fill("#username", account.username());
			}
			page.fill("#password", DemoAccount.PASSWORD);
			page.click("#kc-login");
			page.waitForSelector("#otp", new Page.WaitForSelectorOptions().setTimeout(SLOW_STEP_MS));
		}
		page.fill("#otp", Totp.currentCode(account.totpSecret()));
		page.click("#kc-login");
		// Back at the application, signed in: the first sign-in of a run (code exchange,
		// keys, a cold JVM) can take long on a machine shared by several test runs.
		page.waitForURL(url -> url.startsWith(MandatIntegrationTest.BASE_URL),
				new Page.WaitForURLOptions().setTimeout(SLOW_STEP_MS));
		if (!"/".equals(path) && !page.url().equals(MandatIntegrationTest.BASE_URL + path)) {
			throw new AssertionError("Signed in, but on " + page.url() + " instead of " + path);
		}
		KEYCLOAK_SESSIONS.put(account, keycloakCookies(page.context()));
	}

	private static List<Cookie> keycloakCookies(BrowserContext context) {
		return context.cookies(fr.mandat.local.TestPorts.keycloakUrl() + "/realms/mandat/")
			.stream()
			.filter(cookie -> cookie.path.startsWith("/realms/"))
			.toList();
	}

	/** Opens the application, types the password, then the current TOTP code. */
	public static void signIn(Page page, DemoAccount account) {
		enterPassword(page, account);
		page.fill("#otp", Totp.currentCode(account.totpSecret()));
		page.click("#kc-login");
	}

	/** Opens the application and stops at the one-time code form. */
	public static void enterPassword(Page page, DemoAccount account) {
		page.navigate(MandatIntegrationTest.BASE_URL + "/");
		page.fill("#username", account.username());
		page.fill("#password", DemoAccount.PASSWORD);
		page.click("#kc-login");
		page.waitForSelector("#otp");
	}

	/**
	 * Keycloak's confirmation of identity for a sensitive action (step-up): the one-time
	 * code (and the password, should Keycloak ask for it), then back to the application.
	 */
	public static void confirmIdentity(Page page, DemoAccount account) {
		page.waitForSelector("#password, #otp");
		if (page.locator("#password").count() > 0) {
			if (page.locator("#username").count() > 0 && page.locator("#username").isEditable()) {
				page.fill("#username", account.username());
			}
			page.fill("#password", DemoAccount.PASSWORD);
			page.click("#kc-login");
			page.waitForSelector("#otp");
		}
		page.fill("#otp", Totp.currentCode(account.totpSecret()));
		page.click("#kc-login");
		page.waitForURL(url -> url.startsWith(MandatIntegrationTest.BASE_URL));
	}

}
