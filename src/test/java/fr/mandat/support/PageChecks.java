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

	private static final int MAX_TAB_PRESSES = 120;

	private static final int PRESSES_PER_LOOK = 5;

	/**
	 * Notes when focus first enters the element; Tab presses after that are cancelled
	 * before the page's own listeners see them (their key-up too), so focus stays there.
	 */
	private static final String WATCH_FOCUS = """
			el => {
			  const watch = { reached: false, swallowedKeyUps: 0 };
			  const onFocus = () => {
			    if (el === document.activeElement || el.contains(document.activeElement)) watch.reached = true;
			  };
			  const onKeyDown = e => {
			    if (watch.reached && e.key === 'Tab') {
			      e.preventDefault();
			      e.stopImmediatePropagation();
			      watch.swallowedKeyUps++;
			    }
			  };
			  const onKeyUp = e => {
			    if (e.key === 'Tab' && watch.swallowedKeyUps > 0) {
			      e.stopImmediatePropagation();
			      watch.swallowedKeyUps--;
			    }
			  };
			  document.addEventListener('focusin', onFocus, true);
			  window.addEventListener('keydown', onKeyDown, true);
			  window.addEventListener('keyup', onKeyUp, true);
			  watch.stop = () => {
			    document.removeEventListener('focusin', onFocus, true);
			    window.removeEventListener('keydown', onKeyDown, true);
			    window.removeEventListener('keyup', onKeyUp, true);
			    delete window.__mandatFocusWatch;
			  };
			  window.__mandatFocusWatch = watch;
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
	 * <p>
	 * Every step is a real key press. To spare a round trip to the browser after each
	 * one, a listener in the page notes when focus enters the element and from then on
	 * cancels further Tab presses (the page never sees them), so focus stays where the
	 * person's last real press put it; the page is asked every few presses.
	 */
	public static void assertReachableByKeyboard(Page page, Locator target) {
		assertThat(target.isVisible()).as("%s visible on %s", target, page.url()).isTrue();
		page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }");
		target.evaluate(WATCH_FOCUS);
		page.locator("body").focus();
		try {
			for (int presses = 1; presses <= MAX_TAB_PRESSES; presses++) {
				page.keyboard().press("Tab");
				if ((presses % PRESSES_PER_LOOK == 0 || presses == MAX_TAB_PRESSES)
						&& (Boolean) page.evaluate("() => window.__mandatFocusWatch.reached")) {
					break;
				}
			}
		}
		finally {
			page.evaluate("() => window.__mandatFocusWatch && window.__mandatFocusWatch.stop()");
		}
		if (!(Boolean) target.evaluate(FOCUSED)) {
			throw new AssertionError(target + " is not reached with the Tab key on " + page.url());
		}
		assertThat((Boolean) target.evaluate(UNCOVERED)).as("%s uncovered once focused on %s", target, page.url())
			.isTrue();
	}

}
