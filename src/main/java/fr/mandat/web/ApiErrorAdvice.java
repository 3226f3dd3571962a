package fr.mandat.web;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors of the JSON API's controllers as RFC 9457 problem details in French (malformed
 * or oversized JSON, wrong content type, bad parameters…). Modules may answer more
 * precisely with their own advice, which comes first. It comes before the pages' advice
 * ({@link PageErrors}), which also applies to REST controllers and would otherwise take
 * the parameter errors. What this does not handle (an unexpected exception, or an error
 * before any controller) reaches {@link ErrorPages}, which answers the API in the same
 * form.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class ApiErrorAdvice extends ResponseEntityExceptionHandler {

	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String path = (request instanceof ServletWebRequest servlet) ? servlet.getRequest().getRequestURI() : null;
		ProblemDetail problem = describe(ex, status, path);
		HttpHeaders kept = new HttpHeaders();
		// Allow (405) and Accept (415) tell the client what would work; nothing else is
		// kept.
		if (headers.getAllow() != null && !headers.getAllow().isEmpty()) {
			kept.setAllow(headers.getAllow());
		}
		if (!headers.getAccept().isEmpty()) {
			kept.setAccept(headers.getAccept());
		}
		kept.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return ResponseEntity.status(problem.getStatus()).headers(kept).body(problem);
	}

	private static ProblemDetail describe(Exception ex, HttpStatusCode status, @Nullable String path) {
		if (ex instanceof HttpMessageNotReadableException unreadable) {
			if (RequestBodyLimits.tooLarge(unreadable)) {
				return ApiProblems.forStatus(HttpStatus.CONTENT_TOO_LARGE, path);
			}
			if (RequestBodyLimits.tooDeep(unreadable)) {
				return ApiProblems.of(HttpStatus.BAD_REQUEST, "JSON trop imbriqué",
						"Le corps JSON ne doit pas dépasser " + RequestBodyLimits.MAX_DEPTH
								+ " niveaux de tableaux ou d'objets imbriqués.",
						path);
			}
			return ApiProblems.of(HttpStatus.BAD_REQUEST, "Corps illisible",
					"Le corps de la requête doit être un objet JSON valide, comme le décrit /v3/api-docs.", path);
		}
		if (ex instanceof HttpMediaTypeNotSupportedException) {
			return ApiProblems.forStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE, path);
		}
		if (ex instanceof MethodArgumentTypeMismatchException mismatch) {
			return ApiProblems.of(HttpStatus.BAD_REQUEST, "Paramètre invalide", "Le paramètre « "
					+ RequestBodyLimits.printable(mismatch.getName()) + " » n'a pas le bon format"
					+ (java.util.UUID.class.equals(mismatch.getRequiredType()) ? " (un identifiant UUID)." : "."),
					path);
		}
		if (ex instanceof MissingServletRequestParameterException missing) {
			return ApiProblems.of(HttpStatus.BAD_REQUEST, "Paramètre manquant",
					"Le paramètre « " + RequestBodyLimits.printable(missing.getParameterName()) + " » est obligatoire.",
					path);
		}
		if (ex instanceof MissingRequestHeaderException missing) {
			return ApiProblems.of(HttpStatus.BAD_REQUEST, "En-tête manquant",
					"L'en-tête « " + RequestBodyLimits.printable(missing.getHeaderName()) + " » est obligatoire.",
					path);
		}
		return ApiProblems.forStatus(status, path);
	}

}
