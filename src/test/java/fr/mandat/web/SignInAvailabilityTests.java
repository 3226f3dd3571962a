package fr.mandat.web;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;
import org.thymeleaf.ITemplateEngine;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sign-in started while its provider does not answer gets a French 503 page instead of
 * a redirect the browser cannot follow; while it answers, the sign-in goes on as usual.
 */
@MandatIntegrationTest
class SignInAvailabilityTests {

	@Autowired
	private IdentityProviderProbe probe;

	@Autowired
	private ITemplateEngine templates;

	@Test
	void whileKeycloakAnswersTheSignInStartsAsUsual() throws Exception {
		this.probe.probe();

		assertThat(this.probe.reachable("mandat")).isTrue();
		assertThat(this.probe.reachable("mandat-espace")).isTrue();
		HttpResponse<Void> start = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/authorization/mandat")).build(),
					HttpResponse.BodyHandlers.discarding());
		assertThat(start.statusCode()).isEqualTo(302);
		assertThat(start.headers().firstValue("Location")).hasValueSatisfying(
				location -> assertThat(location).contains("/realms/mandat/protocol/openid-connect/auth"));
	}

	@Test
	void aSignInStartedWhileTheProviderIsAwayGetsAFrenchPage() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		ClientRegistration away = ClientRegistration.withRegistrationId("mandat")
			.clientId("mandat-app")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.authorizationUri("http://localhost:" + closed + "/realms/mandat/protocol/openid-connect/auth")
			.tokenUri("http://localhost:" + closed + "/realms/mandat/protocol/openid-connect/token")
			.issuerUri("http://localhost:" + closed + "/realms/mandat")
			.build();
		IdentityProviderProbe probeOfAway = new IdentityProviderProbe(new InMemoryClientRegistrationRepository(away),
				List.of("mandat"));
		assertThat(probeOfAway.reachable("mandat")).as("reachable until a probe says otherwise").isTrue();

		probeOfAway.probe();

		assertThat(probeOfAway.reachable("mandat")).isFalse();
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicBoolean passedOn = new AtomicBoolean();
		new SignInAvailabilityFilter(probeOfAway, this.templates).doFilter(
				new MockHttpServletRequest("GET", "/oauth2/authorization/mandat"), response,
				(request, ignored) -> passedOn.set(true));
		assertThat(passedOn).isFalse();
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("30");
		assertThat(response.getContentAsString()).contains("<h1>Connexion momentanément indisponible</h1>",
				"lang=\"fr\"");
		// Another provider's sign-in is not held back.
		new SignInAvailabilityFilter(probeOfAway, this.templates).doFilter(
				new MockHttpServletRequest("GET", "/mon-espace/connexion/mandat-espace"), new MockHttpServletResponse(),
				(request, ignored) -> passedOn.set(true));
		assertThat(passedOn).isTrue();
	}

}
