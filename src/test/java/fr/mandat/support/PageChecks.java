package fr.mandat.support;

import java.util.List;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks on what a person sees and reaches on a page, beyond axe-core's rules. */
public final class PageChecks {

	/**
	 * Lists every visible button (or link styled as one) with neither visible text nor an
	 * icon that renders and carries a label, and every DSFR icon that does not render.
	 */
	private static final String BUTTON_PROBLEMS = """
			() => {
			  const problems = [];
			  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
			      + '.' + [...el.classList].join('.') + ' « ' + (el.innerText || el.value || '').trim().slice(0, 40) + ' »';
			  const visible = el => {
			    const box = el.getBoundingClientRect();
			    const style = getComputedStyle(el);
			    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
			  };
			  const fontIcon = el => [...el.classList].find(c => c.startsWith('fr-icon-') && !c.startsWith('fr-icon--'));
			  const pseudoRenders = (el, which) => {
			    const pseudo = getComputedStyle(el, which);
			    const mask = pseudo.getPropertyValue('mask-image') || pseudo.getPropertyValue('-webkit-mask-image') || '';
			    return mask.includes('url(') && parseFloat(pseudo.width) > 0 && parseFloat(pseudo.height) > 0;
			  };
			  const iconRenders = el => pseudoRenders(el, '::before') || pseudoRenders(el, '::after');
			  // Text clipped away (the DSFR's icon-only buttons) is not visible text.
			  const clipped = el => getComputedStyle(el).overflow !== 'visible' && el.scrollWidth > el.clientWidth + 1;
			  for (const el of document.querySelectorAll('button, a.fr-btn, input[type=submit], input[type=button], [role=button]')) {
			    if (!visible(el)) continue;
			    const text = ((el.tagName === 'INPUT') ? el.value : el.innerText || '').trim();
			    const visibleText = text.length > 0 && !clipped(el);
			    // An icon-only button names itself with a title or aria-label (DSFR guidance).
			    const label = (el.getAttribute('aria-label') || el.getAttribute('title') || '').trim();
			    if (!visibleText && !(label && iconRenders(el))) {
			      problems.push(describe(el) + ': no visible text and no labelled icon');
			    }
			  }
			  for (const el of document.querySelectorAll('[class*="fr-icon-"]')) {
			    const icon = fontIcon(el);
			    if (icon && visible(el) && !iconRenders(el)) problems.push(describe(el) + ': icon ' + icon + ' does not render');
			  }
			  return problems;
			}
			""";

	private static final String FOCUSED = "el => el === document.activeElement || el.contains(document.activeElement)";

	private static final String UNCOVERED = """
			el => {
			  const box = el.getBoundingClientRect();
			  const x = Math.min(Math.max(box.left + box.width / 2, 0), window.innerWidth - 1);
			  const y = Math.min(Math.max(box.top + box.height / 2, 0), window.innerHeight - 1);
			  const top = document.elementFromPoint(x, y);
			  return top !== null && (el === top || el.contains(top) || top.contains(el));
			}
			""";

	private PageChecks() {
	}

	/**
	 * Fails when a visible button has neither visible text nor a labelled icon that
	 * renders, or when a DSFR icon does not render (its CSS missing), naming each.
	 */
	@SuppressWarnings("unchecked")
	public static void assertButtonsHaveTextOrLabelledIcons(Page page) {
		List<String> problems = (List<String>) page.evaluate(BUTTON_PROBLEMS);
		assertThat(problems).as("buttons and icons on %s", page.url()).isEmpty();
	}

	/**
	 * The element is visible, and a person using the keyboard reaches it with the Tab key
	 * from the top of the page, and then sees it (scrolled into view, not covered).
	 */
	public static void assertReachableByKeyboard(Page page, Locator target) {
		assertThat(target.isVisible()).as("%s visible on %s", target, page.url()).isTrue();
		page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }");
		page.locator("body").focus();
		for (int presses = 0; presses < 120; presses++) {
			page.keyboard().press("Tab");
			if ((Boolean) target.evaluate(FOCUSED)) {
				assertThat((Boolean) target.evaluate(UNCOVERED))
					.as("%s uncovered once focused on %s", target, page.url())
					.isTrue();
				return;
			}
		}
		throw new AssertionError(target + " is not reached with the Tab key on " + page.url());
	}

}
