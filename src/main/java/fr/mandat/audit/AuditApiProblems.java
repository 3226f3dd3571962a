package fr.mandat.audit;

import fr.mandat.journal.JournalQueryException;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Bad requests to the audit API as RFC 9457 problem details, in French. Ahead of the
 * API-wide advice of the web module, which answers what this one does not.
 */
@RestControllerAdvice(assignableTypes = AuditApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditApiProblems {

	@ExceptionHandler
	ProblemDetail journalQuery(JournalQueryException ex) {
		HttpStatus status = ex.isNotFound() ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
		return problem(status, ex.isNotFound() ? "Introuvable" : "Demande invalide", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail badRequest(BadAuditRequest ex) {
		return problem(HttpStatus.BAD_REQUEST, "Demande invalide", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Demande invalide",
				"Le paramètre « " + ex.getName() + " » doit être " + expected(ex.getRequiredType()) + ".");
	}

	@ExceptionHandler
	ProblemDetail binding(BindException ex) {
		FieldError field = ex.getFieldError();
		String name = (field != null) ? field.getField() : "?";
		Class<?> type = (field != null) ? ex.getBindingResult().getFieldType(name) : null;
		return problem(HttpStatus.BAD_REQUEST, "Demande invalide",
				"Le paramètre « " + name + " » doit être " + expected(type) + ".");
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == LocalDate.class) {
			return "une date au format AAAA-MM-JJ";
		}
		if (type == UUID.class) {
			return "un identifiant (UUID)";
		}
		if (type != null && type.isEnum()) {
			return "l'une des actions du journal";
		}
		return "un nombre entier (au plus 9223372036854775807)";
	}

	@ExceptionHandler
	ProblemDetail missingParameter(MissingServletRequestParameterException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Demande invalide",
				"Le paramètre « " + ex.getParameterName() + " » est obligatoire.");
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
