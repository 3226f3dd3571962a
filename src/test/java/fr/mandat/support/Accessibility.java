package fr.mandat.support;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;

import static org.assertj.core.api.Assertions.assertThat;

/** Automated accessibility checks (axe-core) on the page a test is looking at. */
public final class Accessibility {

	private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

	private Accessibility() {
	}

	/**
	 * Fails on any serious or critical WCAG 2.1 A/AA violation, naming each.
	 * <p>
	 * axe-core runs in the page itself ({@code axe.run()}, « legacy mode »): by default
	 * the library runs it in each frame, then opens a new blank window to merge the
	 * results, which doubled the time of every check (ADR 0118, part 2). The rules and
	 * the page are the same; what legacy mode cannot reach is a frame from another
	 * origin, so such a frame fails the check instead of being left out, as does an error
	 * of axe-core itself.
	 */
	public static void assertNoSeriousViolations(Page page) {
		List<String> otherOrigins = page.frames()
			.stream()
			.filter(frame -> frame != page.mainFrame())
			.map(Frame::url)
			.filter(url -> !url.startsWith("about:") && !sameOrigin(url, page.url()))
			.toList();
		assertThat(otherOrigins)
			.as("frames from another origin on %s (not checked by axe-core in the page)", page.url())
			.isEmpty();
		AxeResults results = new AxeBuilder(page).withTags(TAGS).setLegacyMode(true).analyze();
		assertThat(results.isErrored()).as("axe-core failed on %s: %s", page.url(), results.getErrorMessage())
			.isFalse();
		List<String> serious = results.getViolations()
			.stream()
			.filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.map(Accessibility::describe)
			.toList();
		assertThat(serious).as("axe-core violations on %s", page.url()).isEmpty();
	}

	private static boolean sameOrigin(String url, String other) {
		URI one = URI.create(url);
		URI two = URI.create(other);
		return Objects.equals(one.getScheme(), two.getScheme()) && Objects.equals(one.getHost(), two.getHost())
				&& one.getPort() == two.getPort();
	}

	private static String describe(Rule rule) {
		return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " — "
				+ rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).limit(3).toList();
	}

}
