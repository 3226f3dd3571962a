package fr.mandat.support;

import com.microsoft.playwright.Page;

/** Signs in through the real Keycloak login pages, as a person would. */
public final class StaffSignIn {

	private StaffSignIn() {
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
