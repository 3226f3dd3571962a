package fr.mandat.web.config;

import java.io.IOException;
import java.time.Clock;

import fr.mandat.web.SavedForm;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.web.csrf.CsrfException;

import fr.mandat.structure.CurrentStaff;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;

/**
 * A person signed in at the identity provider but unknown to (or deactivated in) the
 * application gets a page that tells them what to do; anyone else refused gets the plain
 * 403 page.
 */
class AccessDeniedPageHandler implements AccessDeniedHandler {

	private final CurrentStaff currentStaff;

	private final DeniedAccessJournal deniedAccess;

	private final AccessDeniedHandler fallback = new AccessDeniedHandlerImpl();

	private final Clock clock;

	AccessDeniedPageHandler(CurrentStaff currentStaff, DeniedAccessJournal deniedAccess, Clock clock) {
		this.currentStaff = currentStaff;
		this.deniedAccess = deniedAccess;
		this.clock = clock;
	}

	/** The request came with a session cookie whose session no longer exists. */
	private static boolean sessionEnded(HttpServletRequest request) {
		return request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
	}

	/**
	 * The page the form was on: the referring page of this application (path and query),
	 * else the address the form was sent to.
	 */
	static String formPage(HttpServletRequest request) {
		String referer = request.getHeader("Referer");
		String origin = request.getScheme() + "://" + request.getServerName()
				+ ((request.getServerPort() == 80 || request.getServerPort() == 443) ? ""
						: ":" + request.getServerPort());
		if (referer != null && referer.startsWith(origin + "/") && referer.length() < 2000) {
			String path = referer.substring(origin.length());
			if (!path.startsWith("//")) {
				return path;
			}
		}
		return request.getRequestURI();
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException, ServletException {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		boolean signedIn = authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
		if (!signedIn && denied instanceof CsrfException && sessionEnded(request)) {
			// The form was shown in a session that has ended since (expired, or signed
			// out in another tab): nothing is done, what was typed is kept for the form.
			HttpSession session = request.getSession(true);
			session.setAttribute(SavedForm.ATTRIBUTE,
					new SavedForm(formPage(request), SavedForm.input(request), this.clock.instant()));
			response.sendRedirect(request.getContextPath() + "/session-expiree");
			return;
		}
		if (signedIn && this.currentStaff.active(authentication).isEmpty()) {
			response.sendRedirect(request.getContextPath() + "/acces-refuse");
			return;
		}
		// Sign-in already journaled the refusal of an unknown person; a known person
		// reaching for what their role does not allow is journaled, anyone else (e.g. a
		// form posted without a session) only counted.
		this.deniedAccess.denied(request, authentication);
		this.fallback.handle(request, response, denied);
	}

}
