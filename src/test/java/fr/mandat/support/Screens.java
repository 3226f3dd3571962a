package fr.mandat.support;

import java.nio.file.Files;
import java.nio.file.Path;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Screenshots of the pages at a tablet's width, for {@code docs/screens/}. They go to
 * {@code target/screens/} unless {@code -Dmandat.screens.dir=docs/screens} is given (see
 * README, « Screenshots »).
 */
public final class Screens {

	/** The width the README's walkthrough must work at. */
	public static final int TABLET_WIDTH = 768;

	private Screens() {
	}

	/** A browser context the size of a tablet held upright. */
	public static BrowserContext tablet(Browser browser) {
		return browser.newContext(new Browser.NewContextOptions().setLocale("fr-FR")
			.setViewportSize(TABLET_WIDTH, 1024)
			.setAcceptDownloads(true));
	}

	/** Saves the whole page as {@code name.png} and checks the file is a PNG image. */
	public static Path capture(Page page, String name) {
		Path dir = Path.of(System.getProperty("mandat.screens.dir", "target/screens"));
		Path file = dir.resolve(name + ".png");
		page.waitForLoadState();
		page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
		try {
			byte[] head = Files.readAllBytes(file);
			assertThat(head).startsWith(new byte[] { (byte) 0x89, 'P', 'N', 'G' });
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		return file;
	}

}
