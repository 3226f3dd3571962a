package fr.mandat.support;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;

import static org.assertj.core.api.Assertions.assertThat;

/** Automated accessibility checks (axe-core) on the page a test is looking at. */
public final class Accessibility {

	private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

	/**
	 * Where the application under test serves axe-core: the build copies the library into
	 * the test classpath's {@code static} folder (pom.xml), never into the packaged
	 * application.
	 */
	static final String SCRIPT_PATH = "/js/axe-core/axe.min.js";

	private static final boolean SERVED = Accessibility.class.getResource("/static" + SCRIPT_PATH) != null;

	/**
	 * The WCAG 2.1 A/AA rules only; only the violations detailed. Every rule still runs
	 * on every element, but the passes, the incomplete and the inapplicable results keep
	 * one example node each instead of a selector and an HTML extract for every element
	 * checked, which axe-core would build, Chromium serialize and the test read back for
	 * nothing: only the violations are asserted.
	 */
	private static final Map<String, Object> OPTIONS = Map.of("runOnly", Map.of("type", "tag", "values", TAGS),
			"resultTypes", List.of("violations"));

	private static final ObjectMapper RESULTS = new ObjectMapper();

	private static volatile String source = "";

	private Accessibility() {
	}

	/**
	 * Fails on any serious or critical WCAG 2.1 A/AA violation, naming each.
	 * <p>
	 * axe-core runs in the page itself ({@code axe.run()}, what the library calls legacy
	 * mode): its default runs it in each frame, then opens a new blank window to merge
	 * the results, which doubled the time of every check (ADR 0118, part 2). What this
	 * cannot reach is a frame from another origin, so such a frame fails the check
	 * instead of being left out, as does an error of axe-core itself.
	 * <p>
	 * On the application's pages axe-core is loaded as a script from the application
	 * itself ({@link #SCRIPT_PATH}, which their CSP allows as any script of theirs):
	 * Chromium compiles it as a script and keeps it in the context's cache for the test's
	 * next check. Elsewhere (Keycloak's pages, a page written by the test) its source is
	 * evaluated in the page, as the library does.
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
		AxeResults results;
		try {
			load(page);
			results = RESULTS.convertValue(page
				.evaluate("options => axe.run(document, options).then(r => JSON.parse(JSON.stringify(r)))", OPTIONS),
					AxeResults.class);
		}
		catch (RuntimeException ex) {
			throw new AssertionError("axe-core failed on " + page.url() + ": " + ex.getMessage(), ex);
		}
		List<String> serious = results.getViolations()
			.stream()
			.filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.map(Accessibility::describe)
			.toList();
		assertThat(serious).as("axe-core violations on %s", page.url()).isEmpty();
	}

	/** Puts axe-core in the page, unless an earlier check of this document did. */
	private static void load(Page page) {
		if (Boolean.TRUE.equals(page.evaluate("() => typeof window.axe?.run === 'function'"))) {
			return;
		}
		if (SERVED && sameOrigin(page.url(), MandatIntegrationTest.BASE_URL)) {
			page.addScriptTag(new Page.AddScriptTagOptions().setUrl(MandatIntegrationTest.BASE_URL + SCRIPT_PATH));
		}
		else {
			page.evaluate("() => {" + source() + "}");
		}
	}

	private static String source() {
		if (source.isEmpty()) {
			source = AxeBuilder.getAxeScript();
		}
		return source;
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
