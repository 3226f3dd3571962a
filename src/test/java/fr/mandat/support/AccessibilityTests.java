package fr.mandat.support;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The accessibility check still fails where it must, run in the page (ADR 0118): on a
 * serious violation, and on a frame from another origin that it could not reach. On the
 * thread of the classes that share the run's browser ({@link BrowserPages}).
 */
@Execution(ExecutionMode.SAME_THREAD)
class AccessibilityTests {

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	private static final String HEAD = "<!doctype html><html lang=\"fr\"><head><title>Essai</title></head>";

	@Test
	void passesOnACleanPage() {
		Page page = browser.page();
		page.setContent(HEAD + "<body><main><h1>Essai</h1><p>Rien à signaler.</p></main></body></html>");
		assertThatCode(() -> Accessibility.assertNoSeriousViolations(page)).doesNotThrowAnyException();
	}

	@Test
	void failsOnAnImageWithoutAlternative() {
		Page page = browser.page();
		page.setContent(HEAD + "<body><main><h1>Essai</h1><img src=\"data:,\"></main></body></html>");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Accessibility.assertNoSeriousViolations(page))
			.withMessageContaining("image-alt");
	}

	@Test
	void namesEveryOffendingElementOfARule() {
		Page page = browser.page();
		page.setContent(HEAD + "<body><main><h1>Essai</h1><img id=\"premiere\" src=\"data:,\">"
				+ "<img id=\"seconde\" src=\"data:,\"></main></body></html>");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Accessibility.assertNoSeriousViolations(page))
			.withMessageContaining("image-alt")
			.withMessageContaining("#premiere")
			.withMessageContaining("#seconde");
	}

	@Test
	void checksTheWcagRulesOnly() {
		Page page = browser.page();
		// A serious finding of a "best practice" rule (aria-text), not a WCAG criterion.
		page.setContent(HEAD + "<body><main><h1>Essai</h1><p role=\"text\"><a href=\"#suite\">Suite</a> du texte</p>"
				+ "<p id=\"suite\">Fin.</p></main></body></html>");
		assertThatCode(() -> Accessibility.assertNoSeriousViolations(page)).doesNotThrowAnyException();
	}

	@Test
	void checksTheSameDocumentAgainAfterItChanged() {
		Page page = browser.page();
		page.setContent(HEAD + "<body><main><h1>Essai</h1></main></body></html>");
		Accessibility.assertNoSeriousViolations(page);
		page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"data:,\">')");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Accessibility.assertNoSeriousViolations(page))
			.withMessageContaining("image-alt");
	}

	@Test
	void failsOnAFrameFromAnotherOrigin() {
		Page page = browser.page();
		page.setContent(HEAD + "<body><main><h1>Essai</h1>"
				+ "<iframe title=\"Autre origine\" src=\"data:text/html,autre\"></iframe></main></body></html>");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Accessibility.assertNoSeriousViolations(page))
			.withMessageContaining("another origin");
	}

}
