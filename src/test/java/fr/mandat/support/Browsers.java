package fr.mandat.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * Debian's Chromium driven by Playwright; Playwright never downloads a browser here. The
 * flags keep Chromium off the network it cannot reach anyway.
 */
public final class Browsers {

	private static final Path CHROMIUM = Path.of(System.getProperty("mandat.chromium", "/usr/bin/chromium"));

	private Browsers() {
	}

	public static Browser launch(Playwright playwright) {
		if (!Files.isExecutable(CHROMIUM)) {
			throw new IllegalStateException(
					CHROMIUM + " is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does");
		}
		return playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
				.setHeadless(true)
				.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
						"--disable-background-networking", "--disable-component-update", "--disable-sync",
						"--disable-dev-shm-usage")));
	}

}
