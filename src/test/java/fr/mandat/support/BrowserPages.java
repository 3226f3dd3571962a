package fr.mandat.support;

import java.nio.file.Path;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Tracing;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real browser and a fresh context (cookies, storage, downloads) for each test:
 * {@code @RegisterExtension static final BrowserPages browser = new BrowserPages();}.
 * <p>
 * One Playwright driver and one Chromium serve the whole test JVM (started at first use,
 * closed at its exit): starting them took seconds per test class. Tests stay isolated
 * from each other by their own browser contexts, which share nothing.
 */
public final class BrowserPages implements BeforeEachCallback, AfterEachCallback {

	/**
	 * Where to write a Playwright trace of each test's first context
	 * ({@code -Dmandat.test.trace-dir=…}; open one with
	 * {@code npx playwright show-trace}), or none.
	 */
	private static final @Nullable String TRACES = traceDirectory();

	private @Nullable BrowserContext context;

	private @Nullable Page page;

	@Override
	public void beforeEach(ExtensionContext extension) {
		BrowserContext fresh = SharedBrowser.get()
			.newContext(new Browser.NewContextOptions().setLocale("fr-FR").setAcceptDownloads(true));
		this.context = fresh;
		if (TRACES != null) {
			fresh.tracing().start(new Tracing.StartOptions().setScreenshots(false).setSnapshots(false));
		}
		this.page = fresh.newPage();
	}

	@Override
	public void afterEach(ExtensionContext extension) {
		BrowserContext finished = this.context;
		if (TRACES != null && finished != null) {
			String name = extension.getRequiredTestClass().getSimpleName() + "-"
					+ extension.getDisplayName().replaceAll("[^A-Za-z0-9]+", "_") + ".zip";
			finished.tracing().stop(new Tracing.StopOptions().setPath(Path.of(TRACES, name)));
		}
		this.context = null;
		this.page = null;
		// Every context of the shared browser belongs to the test that just ran (tests
		// run one at a time): close them all, including those a test opened itself.
		SharedBrowser.closeContexts();
	}

	private static @Nullable String traceDirectory() {
		String directory = System.getProperty("mandat.test.trace-dir", "");
		return directory.isBlank() ? null : directory;
	}

	public Page page() {
		Page current = this.page;
		if (current == null) {
			throw new IllegalStateException("No page outside a test");
		}
		return current;
	}

	public BrowserContext context() {
		BrowserContext current = this.context;
		if (current == null) {
			throw new IllegalStateException("No browser context outside a test");
		}
		return current;
	}

	/** The run's single Playwright driver and Chromium. */
	static final class SharedBrowser {

		private static @Nullable Playwright playwright;

		private static @Nullable Browser browser;

		private static boolean hookInstalled;

		/** The thread the browser serves: the first that asked for it. */
		private static @Nullable Thread owner;

		private SharedBrowser() {
		}

		static synchronized Browser get() {
			Thread thread = Thread.currentThread();
			Thread first = owner;
			if (first == null) {
				owner = thread;
			}
			else if (first != thread) {
				// Playwright's objects serve one thread; the classes that use the browser
				// run on the shared lane (junit-platform.properties, ADR 0122).
				throw new IllegalStateException("The run's browser serves the thread " + first.getName() + ", not "
						+ thread.getName()
						+ ": annotate the test class with @Execution(ExecutionMode.SAME_THREAD) or @MandatIntegrationTest");
			}
			Browser current = browser;
			if (current != null && current.isConnected()) {
				return current;
			}
			// First use, or Chromium went away (a crash): start again rather than fail
			// every later test class.
			close();
			Playwright driver = Playwright.create();
			playwright = driver;
			current = Browsers.launch(driver);
			browser = current;
			if (!hookInstalled) {
				hookInstalled = true;
				Runtime.getRuntime().addShutdownHook(new Thread(SharedBrowser::close, "close-shared-browser"));
			}
			return current;
		}

		static synchronized void closeContexts() {
			Browser current = browser;
			if (current != null && current.isConnected()) {
				for (BrowserContext context : current.contexts()) {
					context.close();
				}
			}
		}

		private static synchronized void close() {
			Playwright driver = playwright;
			playwright = null;
			browser = null;
			if (driver != null) {
				try {
					driver.close();
				}
				catch (RuntimeException ex) {
					// the driver is already gone
				}
			}
		}

	}

}
