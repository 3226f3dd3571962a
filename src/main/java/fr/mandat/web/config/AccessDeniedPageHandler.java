package fr.mandat.web.config;

import java.io.IOException;

import fr.mandat.web.CurrentStaff;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
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

	private final AccessDeniedHandler fallback = new AccessDeniedHandlerImpl();

	AccessDeniedPageHandler(CurrentStaff currentStaff) {
		this.currentStaff = currentStaff;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException, ServletException {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		boolean signedIn = authentication != null && authentication.isAuthenticated();
		if (signedIn && this.currentStaff.active(authentication).isEmpty()) {
			response.sendRedirect(request.getContextPath() + "/acces-refuse");
			return;
		}
		this.fallback.handle(request, response, denied);
	}

}
