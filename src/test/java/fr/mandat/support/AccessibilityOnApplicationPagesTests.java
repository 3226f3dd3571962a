package fr.mandat.support;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * On the application's pages the accessibility check loads axe-core from the application
 * under test (a script its CSP allows), and still fails where it must.
 */
@MandatIntegrationTest
class AccessibilityOnApplicationPagesTests {

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Test
	void loadsAxeCoreFromTheApplicationAndFindsAViolationAddedToThePage() {
		Page page = browser.page();
		page.navigate(BASE_URL + "/verifier");
		assertThatCode(() -> Accessibility.assertNoSeriousViolations(page)).doesNotThrowAnyException();
		assertThat(page.locator("script[src='" + BASE_URL + Accessibility.SCRIPT_PATH + "']").count()).isOne();

		page.evaluate(
				"() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img id=\"sans-texte\" src=\"data:,\">')");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Accessibility.assertNoSeriousViolations(page))
			.withMessageContaining("image-alt")
			.withMessageContaining("#sans-texte");
		// Loaded once for the document.
		assertThat(page.locator("script[src='" + BASE_URL + Accessibility.SCRIPT_PATH + "']").count()).isOne();
	}

}
