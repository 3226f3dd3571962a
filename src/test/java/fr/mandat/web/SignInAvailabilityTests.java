package fr.mandat.web;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;
import org.thymeleaf.ITemplateEngine;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

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
		OAuth2ClientProperties properties = new OAuth2ClientProperties();
		OAuth2ClientProperties.Registration registration = new OAuth2ClientProperties.Registration();
		registration.setClientId("mandat-app");
		registration.setAuthorizationGrantType("authorization_code");
		registration.setRedirectUri("{baseUrl}/login/oauth2/code/{registrationId}");
		properties.getRegistration().put("mandat", registration);
		OAuth2ClientProperties.Provider provider = new OAuth2ClientProperties.Provider();
		provider.setIssuerUri("http://localhost:" + closed + "/realms/mandat");
		properties.getProvider().put("mandat", provider);
		LazyClientRegistrations away = new LazyClientRegistrations(properties);
		IdentityProviderProbe probeOfAway = new IdentityProviderProbe(away);
		assertThat(probeOfAway.reachable("mandat")).as("reachable until a probe says otherwise").isTrue();

		probeOfAway.probe();

		assertThat(probeOfAway.reachable("mandat")).isFalse();
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicBoolean passedOn = new AtomicBoolean();
		new SignInAvailabilityFilter(probeOfAway, away, this.templates).doFilter(
				new MockHttpServletRequest("GET", "/oauth2/authorization/mandat"), response,
				(request, ignored) -> passedOn.set(true));
		assertThat(passedOn).isFalse();
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("30");
		assertThat(response.getContentAsString()).contains("<h1>Connexion momentanément indisponible</h1>",
				"lang=\"fr\"");
		// Another provider's sign-in is not held back.
		new SignInAvailabilityFilter(probeOfAway, away, this.templates).doFilter(
				new MockHttpServletRequest("GET", "/mon-espace/connexion/mandat-espace"), new MockHttpServletResponse(),
				(request, ignored) -> passedOn.set(true));
		assertThat(passedOn).isTrue();
	}

}
