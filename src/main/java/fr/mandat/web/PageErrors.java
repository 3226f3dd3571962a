package fr.mandat.web;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.demarche.UnknownDemarcheException;
import fr.mandat.journal.JournalQueryException;
import fr.mandat.mandate.ForeignMandateException;
import fr.mandat.mandate.MandateNotFoundException;
import fr.mandat.mandate.MandateRefusal;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.ForeignAidantException;
import fr.mandat.structure.French;
import fr.mandat.structure.RequestNotFoundException;
import fr.mandat.structure.SelfGrantException;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.structure.StaffRuleException;
import fr.mandat.structure.StructureNotFoundException;
import fr.mandat.web.config.DeniedAccessJournal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What the pages say when a request is refused or names nothing: the one place that turns
 * the modules' exceptions into a page and a status. Something that does not exist (or an
 * address that cannot name anything, such as an identifier that is not a UUID) gets the
 * 404 page; a mandate or an aidant of another structure gets the 403 page, or the page
 * that names that structure to someone who also works for it, and the refusal is
 * journaled once ({@link DeniedAccessJournal}); a broken rule gets its module's error
 * page with the French message.
 * <p>
 * {@code @RestController} is a {@code @Controller} too: the API's own advice
 * ({@link ApiErrorAdvice}) comes first, and what it leaves (an answer with a body, never
 * a page) goes on to the error dispatch ({@link ErrorPages}) as before.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageErrors {

	/** The auditors' pages, which explain a bad entry number on their own page. */
	private static final String AUDIT_PAGES = "/audit";

	private final CurrentStaff currentStaff;

	private final DeniedAccessJournal deniedAccess;

	PageErrors(CurrentStaff currentStaff, DeniedAccessJournal deniedAccess) {
		this.currentStaff = currentStaff;
		this.deniedAccess = deniedAccess;
	}

	@ExceptionHandler(StaleFormException.class)
	String staleForm(StaleFormException ex, Model model, HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_CONFLICT);
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		Optional<StaffMember> member = this.currentStaff.active(authentication);
		model.addAttribute("currentStructure",
				member.map(m -> this.currentStaff.currentStructure(m).name()).orElse("votre structure"));
		model.addAttribute("formStructure",
				member.flatMap(m -> (ex.sentFor() != null) ? m.structure(ex.sentFor()) : Optional.empty())
					.map(StructureRef::name)
					.orElse(null));
		return "formulaire-perime";
	}

	@ExceptionHandler({ MandateNotFoundException.class, StructureNotFoundException.class,
			RequestNotFoundException.class, UnknownDemarcheException.class, MethodArgumentTypeMismatchException.class,
			MissingServletRequestParameterException.class })
	String notFound(Exception ex, HandlerMethod handler, HttpServletRequest request, HttpServletResponse response,
			Model model) throws Exception {
		pagesOnly(ex, handler);
		if (ex instanceof MethodArgumentTypeMismatchException && auditPage(request)) {
			return auditPage(response, HttpServletResponse.SC_BAD_REQUEST,
					"Le numéro d'entrée doit être un nombre entier positif.", model);
		}
		return errorPage(response, HttpServletResponse.SC_NOT_FOUND, model);
	}

	@ExceptionHandler(JournalQueryException.class)
	String journalQuery(JournalQueryException ex, HandlerMethod handler, HttpServletResponse response, Model model)
			throws Exception {
		pagesOnly(ex, handler);
		return auditPage(response,
				ex.isNotFound() ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_BAD_REQUEST,
				ex.getMessage(), model);
	}

	/**
	 * A page about another structure's mandate (the mandate's own, or a démarche under
	 * it): someone who also works for that structure is told to switch and sent back
	 * where the refusal says, or to the page they asked for; anyone else is refused.
	 */
	@ExceptionHandler(ForeignMandateException.class)
	String foreignMandate(ForeignMandateException ex, HandlerMethod handler, HttpServletRequest request,
			HttpServletResponse response, Model model) throws Exception {
		pagesOnly(ex, handler);
		String back = ex.returnTo();
		if (back == null && "GET".equals(request.getMethod())) {
			back = request.getRequestURI().substring(request.getContextPath().length());
		}
		return otherStructure(ex.mandateId(), ex.structureId(), back, request, response, model);
	}

	/** A responsable naming an aidant who is not in their structure. */
	@ExceptionHandler(ForeignAidantException.class)
	String foreignAidant(ForeignAidantException ex, HandlerMethod handler, HttpServletRequest request,
			HttpServletResponse response, Model model) throws Exception {
		pagesOnly(ex, handler);
		this.deniedAccess.denied(request, SecurityContextHolder.getContext().getAuthentication(), null,
				"aidant-of-another-structure", Map.of("aidant", ex.aidantId().toString()));
		return errorPage(response, HttpServletResponse.SC_FORBIDDEN, model);
	}

	@ExceptionHandler(MandateRefusal.class)
	String mandateRuleBroken(MandateRefusal ex, HandlerMethod handler, HttpServletResponse response, Model model)
			throws Exception {
		pagesOnly(ex, handler);
		return messagePage(response, HttpServletResponse.SC_BAD_REQUEST, ex.getMessage(), "mandats/erreur", model);
	}

	@ExceptionHandler(StaffRuleException.class)
	String staffRuleBroken(StaffRuleException ex, HandlerMethod handler, HttpServletResponse response, Model model)
			throws Exception {
		pagesOnly(ex, handler);
		return messagePage(response, HttpServletResponse.SC_BAD_REQUEST, ex.getMessage(), "structure/erreur", model);
	}

	/** An admin deciding alone: refused (and journaled by the module that decided). */
	@ExceptionHandler(SelfGrantException.class)
	String selfGrant(SelfGrantException ex, HandlerMethod handler, HttpServletResponse response, Model model)
			throws Exception {
		pagesOnly(ex, handler);
		return messagePage(response, HttpServletResponse.SC_FORBIDDEN, ex.getMessage(), "structure/erreur", model);
	}

	private String otherStructure(UUID mandateId, UUID structureId, @Nullable String back, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		this.deniedAccess.denied(request, authentication, mandateId, "other-structure", Map.of());
		Optional<StructureRef> other = this.currentStaff.active(authentication)
			.flatMap(member -> member.structure(structureId));
		String page = errorPage(response, HttpServletResponse.SC_FORBIDDEN, model);
		if (other.isEmpty() || back == null) {
			return page;
		}
		model.addAttribute("otherStructure", other.get());
		model.addAttribute("theOtherStructure", French.theStructure(other.get().name()));
		model.addAttribute("back", back);
		return "mandats/autre-structure";
	}

	private static String errorPage(HttpServletResponse response, int status, Model model) {
		response.setStatus(status);
		model.addAttribute("status", status);
		return "error/" + status;
	}

	private static String messagePage(HttpServletResponse response, int status, String message, String view,
			Model model) {
		response.setStatus(status);
		model.addAttribute("message", message);
		return view;
	}

	private static String auditPage(HttpServletResponse response, int status, String message, Model model) {
		return messagePage(response, status, message, "audit/not-found", model);
	}

	private static boolean auditPage(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals(AUDIT_PAGES) || path.startsWith(AUDIT_PAGES + "/");
	}

	/**
	 * An answer with a body (the JSON API, a {@code @ResponseBody} method) never gets a
	 * page: the exception goes on as if this advice did not know it.
	 */
	private static void pagesOnly(Exception ex, HandlerMethod handler) throws Exception {
		if (handler.hasMethodAnnotation(ResponseBody.class)
				|| AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class)) {
			throw ex;
		}
	}

}
