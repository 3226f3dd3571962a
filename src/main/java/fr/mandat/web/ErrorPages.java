package fr.mandat.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The error dispatch ({@code /error}): pages keep Spring Boot's French error templates
 * ({@code templates/error/}); anything under {@code /api} gets RFC 9457 problem details
 * in French instead, whatever the {@code Accept} header, never Boot's default JSON body
 * nor an exception's text.
 */
@Controller
@RequestMapping("${spring.web.error.path:/error}")
class ErrorPages extends BasicErrorController {

	private final JsonMapper json;

	ErrorPages(ErrorAttributes errorAttributes, WebProperties web, List<ErrorViewResolver> resolvers, JsonMapper json) {
		super(errorAttributes, web.getError(), resolvers);
		this.json = json;
	}

	@Override
	// Boot's errorHtml may return null (the response written already), which NullAway's
	// standard mode does not read from its JSpecify annotations.
	@SuppressWarnings("NullAway")
	public @Nullable ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
		if (ApiProblems.isApi(originalPath(request))) {
			writeProblem(request, response);
			return null;
		}
		return super.errorHtml(request, response);
	}

	@Override
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		if (ApiProblems.isApi(originalPath(request))) {
			HttpStatusCode status = getStatus(request);
			@SuppressWarnings("unchecked")
			Map<String, Object> body = this.json.convertValue(ApiProblems.forStatus(status, originalPath(request)),
					Map.class);
			return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
		}
		return super.error(request);
	}

	/**
	 * A request for {@code /error} itself, not an error dispatch, finds nothing there.
	 */
	@Override
	protected HttpStatus getStatus(HttpServletRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
			return HttpStatus.NOT_FOUND;
		}
		return super.getStatus(request);
	}

	private void writeProblem(HttpServletRequest request, HttpServletResponse response) {
		HttpStatusCode status = getStatus(request);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		try {
			this.json.writeValue(response.getOutputStream(), ApiProblems.forStatus(status, originalPath(request)));
		}
		catch (IOException ex) {
			// The client went away.
		}
	}

	private static @Nullable String originalPath(HttpServletRequest request) {
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		return (path instanceof String uri) ? uri : request.getRequestURI();
	}

}
