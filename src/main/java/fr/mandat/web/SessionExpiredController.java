package fr.mandat.web;

import java.time.Clock;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Says plainly that the session ended before a form was sent, that nothing was done, and
 * that what was typed is kept: « Se reconnecter » leads back to the form, filled in.
 */
@Controller
class SessionExpiredController {

	static final String PATH = "/session-expiree";

	private final Clock clock;

	SessionExpiredController(Clock clock) {
		this.clock = clock;
	}

	@GetMapping(PATH)
	String expired(@Nullable HttpSession session, Model model, HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		Object saved = (session != null) ? session.getAttribute(SavedForm.ATTRIBUTE) : null;
		boolean kept = false;
		String returnTo = "/";
		if (saved instanceof SavedForm form && !form.isExpired(this.clock.instant())) {
			kept = true;
			returnTo = form.path();
		}
		model.addAttribute("returnTo", returnTo);
		model.addAttribute("kept", kept);
		return "session-expiree";
	}

}
