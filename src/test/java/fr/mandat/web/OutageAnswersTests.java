package fr.mandat.web;

import java.net.SocketTimeoutException;

import com.nimbusds.jose.RemoteKeySourceException;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the outage filter answers when a request fails on something out of reach, and what
 * it leaves to the usual error handling.
 */
class OutageAnswersTests {

	private final DatabaseOutageFilter filter = new DatabaseOutageFilter(new TemplateEngine(),
			JsonMapper.builder().build());

	@Test
	void anApiTokenThatCannotBeCheckedBecauseKeycloakDoesNotAnswerGetsA503Problem() throws Exception {
		// What an instance started while Keycloak was too slow answered with a 500 before
		// (ClusterFaultTests, long run).
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/audit/entries"), response,
				(request, ignored) -> {
					throw new JwtDecoderInitializationException(
							"Failed to lazily resolve the supplied JwtDecoder instance",
							new IllegalStateException(
									new RemoteKeySourceException("I/O error on GET request for the keys",
											new SocketTimeoutException("Read timed out"))));
				});

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("30");
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"status\":503").doesNotContain("Exception", "GET request");
	}

	@Test
	void anyOtherFailureGoesOnToTheUsualErrorHandling() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/audit/entries"),
					new MockHttpServletResponse(), (request, ignored) -> {
						throw new IllegalStateException("a bug");
					}));
	}

	@Test
	void aServletExceptionCausedByTheDatabaseIsA503Too() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/mandats/x/demarches/y"), response,
				(request, ignored) -> {
					throw new ServletException(new org.springframework.transaction.TransactionSystemException(
							"JDBC rollback failed", new java.sql.SQLException("Connection is closed")));
				});

		assertThat(response.getStatus()).isEqualTo(503);
	}

}
