package fr.mandat.web.config;

import java.io.IOException;

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

	AccessDeniedPageHandler(CurrentStaff currentStaff, DeniedAccessJournal deniedAccess) {
		this.currentStaff = currentStaff;
		this.deniedAccess = deniedAccess;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException, ServletException {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		boolean signedIn = authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
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
