package fr.mandat.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real browser for a test class and a fresh context (cookies, downloads) for each test:
 * {@code @RegisterExtension static final BrowserPages browser = new BrowserPages();}.
 */
public final class BrowserPages implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

	private Playwright playwright;

	private Browser browser;

	private BrowserContext context;

	private Page page;

	@Override
	public void beforeAll(ExtensionContext extension) {
		this.playwright = Playwright.create();
		this.browser = Browsers.launch(this.playwright);
	}

	@Override
	public void afterAll(ExtensionContext extension) {
		this.playwright.close();
	}

	@Override
	public void beforeEach(ExtensionContext extension) {
		this.context = this.browser
			.newContext(new Browser.NewContextOptions().setLocale("fr-FR").setAcceptDownloads(true));
		this.page = this.context.newPage();
	}

	@Override
	public void afterEach(ExtensionContext extension) {
		this.context.close();
	}

	public Page page() {
		return this.page;
	}

	public BrowserContext context() {
		return this.context;
	}

}
