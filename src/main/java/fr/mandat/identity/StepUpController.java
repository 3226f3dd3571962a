package fr.mandat.identity;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import fr.mandat.identity.StaffIdentities.StaffIdentity;
import fr.mandat.identity.StepUp.Intent;
import fr.mandat.identity.StepUp.Resumption;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Where the browser lands after confirming their identity for a sensitive action: the
 * action asked for is carried out here, exactly once, then the browser goes to its
 * result. A reload goes to the same result; an intent that was not confirmed, has expired
 * or belongs to someone else is never carried out, and the page says so.
 * <p>
 * This GET changes state on purpose: it continues a POST (protected against cross-site
 * requests) that the identity provider interrupted, and it acts only on an intent kept in
 * this session, confirmed by a fresh authentication seconds earlier, and consumed here.
 */
@Controller
class StepUpController {

	private final StepUp stepUp;

	private final StaffIdentities staff;

	private final Map<String, SensitiveActionHandler> handlers;

	StepUpController(StepUp stepUp, StaffIdentities staff, List<SensitiveActionHandler> handlers) {
		this.stepUp = stepUp;
		this.staff = staff;
		this.handlers = handlers.stream().collect(Collectors.toMap(SensitiveActionHandler::kind, Function.identity()));
	}

	@GetMapping(StepUp.RESUME_PATH + "{id}")
	String resume(Authentication authentication, @PathVariable String id, HttpSession session, Model model,
			HttpServletResponse response) {
		StaffIdentity member = this.staff.active(authentication)
			.orElseThrow(() -> new AccessDeniedException("Not an active staff member"));
		Resumption resumption = (id.length() == 36) ? this.stepUp.resume(session, member.aidantId(), parse(id))
				: new Resumption.Unknown();
		if (resumption instanceof Resumption.AlreadyDone done) {
			String result = done.intent().resultAt();
			return "redirect:" + ((result != null) ? result : "/");
		}
		if (!(resumption instanceof Resumption.Ready ready)) {
			return notDone(model, response, HttpServletResponse.SC_NOT_FOUND,
					"Cette action n’est plus en attente : elle a expiré ou n’a pas été confirmée. Rien n’a été fait.",
					"/");
		}
		Intent intent = ready.intent();
		if (this.stepUp.problem(authentication, intent).isPresent()) {
			return notDone(model, response, HttpServletResponse.SC_CONFLICT,
					"La confirmation de votre identité ne correspond pas à cette action. Rien n’a été fait.",
					intent.cancelTo());
		}
		if (!intent.structureId().equals(member.currentStructureId())) {
			return notDone(model, response, HttpServletResponse.SC_CONFLICT,
					"Vous avez changé de structure depuis que vous avez demandé cette action. Rien n’a été fait : "
							+ "recommencez depuis la structure concernée.",
					"/");
		}
		SensitiveActionHandler handler = this.handlers.get(intent.action().kind());
		if (handler == null) {
			throw new IllegalStateException("No handler for " + intent.action().kind());
		}
		try {
			String result = handler.carryOut(intent, authentication, session);
			this.stepUp.done(session, intent, result);
			return "redirect:" + result;
		}
		catch (ActionNotDone ex) {
			return notDone(model, response, HttpServletResponse.SC_CONFLICT, ex.getMessage(), ex.returnTo());
		}
	}

	private static String notDone(Model model, HttpServletResponse response, int status, String message,
			String returnTo) {
		response.setStatus(status);
		model.addAttribute("message", message);
		model.addAttribute("returnTo", returnTo);
		return "renforcement/non-fait";
	}

	private static UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return new UUID(0, 0);
		}
	}

}
