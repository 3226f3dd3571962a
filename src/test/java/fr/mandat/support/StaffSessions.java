package fr.mandat.support;

import java.time.Duration;

import org.awaitility.Awaitility;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The sessions a test leaves behind for a demo account. */
public final class StaffSessions {

	private StaffSessions() {
	}

	/**
	 * Signs the account out at Keycloak and waits until its application sessions are gone
	 * too (back-channel logout), as SessionLifetimeTests expects of the sessions earlier
	 * tests leave.
	 */
	public static void endEverywhere(DemoAccount account, JdbcClient jdbc) {
		new KeycloakAdmin().signOut(account);
		Awaitility.await(account.username() + "'s application sessions ended")
			.atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?")
				.param(account.subject())
				.query(Long.class)
				.single() == 0);
	}

}
