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
 * <p>
 * Debian's {@code chromium-headless-shell} by default: the same Blink and V8 without the
 * browser's user interface layers, which did the same browser tests with about 15 % less
 * CPU than the full {@code chromium} in headless mode (docs/benchmarks.md). The full
 * browser is used where the shell is not installed, or named with
 * {@code -Dmandat.chromium=/usr/bin/chromium}.
 */
public final class Browsers {

	private static final Path HEADLESS_SHELL = Path.of("/usr/bin/chromium-headless-shell");

	private static final Path CHROMIUM = Path.of(System.getProperty("mandat.chromium",
			Files.isExecutable(HEADLESS_SHELL) ? HEADLESS_SHELL.toString() : "/usr/bin/chromium"));

	private Browsers() {
	}

	public static Browser launch(Playwright playwright) {
		if (!Files.isExecutable(CHROMIUM)) {
			throw new IllegalStateException(CHROMIUM
					+ " is missing: install Debian's chromium-headless-shell (apt-get install -y chromium chromium-headless-shell), as .ci/run does");
		}
		return playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
				.setHeadless(true)
				.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
						"--disable-background-networking", "--disable-component-update", "--disable-sync",
						"--disable-dev-shm-usage")));
	}

}
