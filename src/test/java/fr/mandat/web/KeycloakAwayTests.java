package fr.mandat.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.mandat.local.LocalInfrastructure;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.SecondInstance;
import fr.mandat.support.StaffHttp;
import fr.mandat.support.TcpProxy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak away (the network to it cut, for a second instance only): the instance still
 * starts, people signed in keep working, a new sign-in and a usager's identification get
 * a French « momentanément indisponible », signing out ends the session here; once
 * Keycloak answers again, sign-ins start as usual without a restart. Tagged
 * {@code faults}: it runs with {@code ./mvnw -Pfaults test} (.ci/run).
 */
@MandatIntegrationTest
@Tag("faults")
class KeycloakAwayTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern STRUCTURE = Pattern.compile("name=\"_structure\"\\s+value=\"([^\"]+)\"");

	@Autowired
	private Environment environment;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void anInstanceStartedWhileKeycloakIsAwayServesSignedInPeopleAndRecoversByItself() throws Exception {
		URI keycloak = URI.create(this.environment.getRequiredProperty("mandat.identity.staff-issuer"));
		// Signed in (and a mandate draft begun) on the first instance while Keycloak
		// answers.
		StaffHttp camille = StaffHttp.signIn(DemoAccount.CAMILLE);
		String csrf = camille.csrfToken();
		assertThat(
				camille.form("POST", "/mandats/nouveau", Map.of("_csrf", csrf, "categories", "famille", "duree", "31"))
					.statusCode())
			.as("draft begun")
			.isEqualTo(302);
		String session = "MANDAT_SESSION=" + camille.sessionCookie();

		try (TcpProxy network = new TcpProxy(keycloak.getPort())) {
			network.cut();
			try (ConfigurableApplicationContext instance = secondInstance(network.port())) {
				String base = "http://localhost:" + instance.getEnvironment().getProperty("local.server.port");

				HttpResponse<String> signIn = get(base + "/oauth2/authorization/mandat", null);
				assertThat(signIn.statusCode()).isEqualTo(503);
				assertThat(signIn.headers().firstValue("Retry-After")).hasValue("30");
				assertThat(signIn.body()).contains("<h1>Connexion momentanément indisponible</h1>", "lang=\"fr\"")
					.doesNotContain("Exception", "Whitelabel");
				assertThat(get(base + "/mon-espace/connexion/mandat-espace", null).statusCode()).isEqualTo(503);

				HttpResponse<String> home = get(base + "/", session);
				assertThat(home.statusCode()).as("signed in, still working").isEqualTo(200);
				assertThat(home.body()).contains(DemoAccount.CAMILLE.displayName());

				HttpResponse<String> identification = post(base + "/mandats/nouveau/identification", session,
						home.body());
				assertThat(identification.statusCode()).isEqualTo(503);
				assertThat(identification.body()).contains("Identification momentanément indisponible",
						"Le mandat en préparation est conservé");
				assertThat(get(base + "/mandats/nouveau/identification", session).statusCode())
					.as("the draft is still there")
					.isEqualTo(200);

				HttpResponse<String> signOut = post(base + "/logout", session, home.body());
				assertThat(signOut.statusCode()).isEqualTo(302);
				assertThat(signOut.headers().firstValue("Location")).hasValue(base + "/deconnexion");
				assertThat(get(base + "/", session).statusCode()).as("signed out here").isEqualTo(302);

				network.restore();

				Awaitility.await()
					.atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(500))
					.untilAsserted(() -> {
						HttpResponse<String> again = get(base + "/oauth2/authorization/mandat", null);
						assertThat(again.statusCode()).isEqualTo(302);
						assertThat(again.headers().firstValue("Location"))
							.hasValueSatisfying(location -> assertThat(location).startsWith("http://localhost:"
									+ network.port() + "/realms/mandat/protocol/openid-connect/auth"));
					});
			}
		}
	}

	/**
	 * Another instance on the local infrastructure, reaching Keycloak through the relay.
	 */
	private ConfigurableApplicationContext secondInstance(int keycloakPort) {
		String database = URI.create(this.environment.getRequiredProperty("spring.datasource.url").substring(5))
			.getPath()
			.substring(1);
		Map<String, Object> properties = LocalInfrastructure.get().applicationProperties(database);
		properties.put("spring.flyway.locations", this.environment.getRequiredProperty("spring.flyway.locations"));
		properties.put("mandat.identity.staff-issuer", "http://localhost:" + keycloakPort + "/realms/mandat");
		properties.put("mandat.usager-identity.issuer", "http://localhost:" + keycloakPort + "/realms/usagers");
		return SecondInstance.start(properties);
	}

	private HttpResponse<String> get(String url, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(20))
			.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
			.GET();
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A form posted as the page's browser would: its CSRF token and structure field. */
	private HttpResponse<String> post(String url, String cookie, String page) throws Exception {
		Matcher csrf = CSRF.matcher(page);
		Matcher structure = STRUCTURE.matcher(page);
		assertThat(csrf.find()).as("a form on the page").isTrue();
		String body = StaffHttp.form(structure.find() ? Map.of("_csrf", csrf.group(1), "_structure", structure.group(1))
				: Map.of("_csrf", csrf.group(1)));
		return this.http.send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(20))
			.header("Cookie", cookie)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
