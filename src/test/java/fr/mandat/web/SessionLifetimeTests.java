package fr.mandat.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import fr.mandat.support.TestClock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions end after their absolute lifetime whatever the activity, and when Keycloak
 * ends the person's session (OpenID Connect back-channel logout), with the real Keycloak.
 */
@MandatIntegrationTest
class SessionLifetimeTests {

	private static final String SIGN_IN = "/oauth2/authorization/mandat";

	@Autowired
	private JdbcClient jdbc;

	private final KeycloakAdmin keycloak = new KeycloakAdmin();

	@AfterEach
	void resetClock() {
		TestClock.reset();
	}

	@AfterAll
	static void signEveryoneOut() {
		// Leave no Keycloak session behind for the tests that count them.
		KeycloakAdmin keycloak = new KeycloakAdmin();
		List.of(DemoAccount.CAMILLE, DemoAccount.HUGO, DemoAccount.SOPHIE).forEach(keycloak::signOut);
	}

	@Test
	void aSessionEndsTenHoursAfterItsSignInHoweverActive() {
		StaffHttp camille = StaffHttp.signIn(DemoAccount.CAMILLE);
		assertThat(camille.get("/").statusCode()).isEqualTo(200);
		long signOuts = signOuts(DemoAccount.CAMILLE, "session-lifetime");

		// Active all along: still there just before the tenth hour.
		TestClock.shift(Duration.ofHours(10).minusMinutes(1));
		assertThat(camille.get("/mandats").statusCode()).isEqualTo(200);

		TestClock.shift(Duration.ofHours(10).plusSeconds(1));
		HttpResponse<String> ended = camille.get("/mandats");
		assertThat(ended.statusCode()).isEqualTo(302);
		assertThat(ended.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
		assertThat(camille.get("/").headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).endsWith(SIGN_IN));
		assertThat(signOuts(DemoAccount.CAMILLE, "session-lifetime")).isEqualTo(signOuts + 1);
	}

	@Test
	void keycloakEndingThePersonsSessionsEndsTheApplicationSession() throws InterruptedException {
		// Earlier tests of the run leave Lucas signed in at Keycloak many times; each of
		// those sessions costs a back-channel call when they all end. Start from none.
		this.keycloak.signOut(DemoAccount.LUCAS);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		StaffHttp hugo = StaffHttp.signIn(DemoAccount.HUGO);
		assertThat(lucas.get("/").statusCode()).isEqualTo(200);
		long signOuts = signOuts(DemoAccount.LUCAS, "identity-provider");

		// An administrator ends Lucas's sessions in Keycloak's admin API.
		this.keycloak.signOut(DemoAccount.LUCAS);

		// Back-channel logout reaches the application soon after; until then Lucas is in.
		Awaitility.await("the application session ended")
			.atMost(Duration.ofSeconds(20))
			.ignoreExceptions()
			.until(() -> lucas.get("/").statusCode() != 200);
		HttpResponse<String> after = lucas.get("/");
		assertThat(after.statusCode()).isEqualTo(302);
		assertThat(after.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(SIGN_IN));
		// Any left names when it was created, to find the test that left it.
		assertThat(this.jdbc.sql("""
				SELECT to_timestamp(creation_time / 1000.0)::text || ' last used '
				       || to_timestamp(last_access_time / 1000.0)::text FROM spring_session WHERE principal_name = ?
				""").param(DemoAccount.LUCAS.subject()).query(String.class).list()).isEmpty();
		// One entry per Keycloak session ended (other tests may have left some of his).
		assertThat(signOuts(DemoAccount.LUCAS, "identity-provider")).isGreaterThan(signOuts);
		// Nobody else's session is touched.
		assertThat(hugo.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void aForgedLogoutTokenIsRefusedAndEndsNothing() {
		StaffHttp sophie = StaffHttp.signIn(DemoAccount.SOPHIE);
		HttpResponse<String> forged = StaffHttp.anonymous()
			.form("POST", "/logout/connect/back-channel/mandat", java.util.Map.of("logout_token",
					"eyJhbGciOiJub25lIn0.eyJzdWIiOiI1ZjBhN2MxZS0xYzU1LTRhNTctOWI4ZS0yZjZhMGM5ZDEwMDMifQ."));
		assertThat(forged.statusCode()).isEqualTo(400);
		assertThat(sophie.get("/").statusCode()).isEqualTo(200);
	}

	private long signOuts(DemoAccount account, String reason) {
		return this.jdbc.sql("""
				SELECT count(*) FROM journal_entry e JOIN aidant a ON a.id::text = e.actor_id
				WHERE e.action = 'SIGNED_OUT' AND a.subject = ? AND e.payload::json ->> 'reason' = ?
				""").params(account.subject(), reason).query(Long.class).single();
	}

}
