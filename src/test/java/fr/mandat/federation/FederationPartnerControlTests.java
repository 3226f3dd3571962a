package fr.mandat.federation;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import fr.mandat.local.LocalPartnerSites;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static fr.mandat.federation.FederationSignInTests.choose;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admins' hold on partner sites (disable, enable again) and the provider's refusals
 * of what a partner must not do: replaying a client assertion, asking for a sign-in
 * without the {@code openid} scope.
 */
@MandatIntegrationTest
class FederationPartnerControlTests {

	private static final String SAINT_AUBIN = "Mairie de Saint-Aubin";

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	/**
	 * Every site enabled again, and Lucas's sessions ended (as in FederationSignInTests).
	 */
	@AfterEach
	void restore() {
		this.jdbc.sql("DELETE FROM federation_partner_status").update();
		new KeycloakAdmin().signOut(DemoAccount.LUCAS);
		Awaitility.await("Lucas's application sessions ended")
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?")
				.param(DemoAccount.LUCAS.subject())
				.query(Long.class)
				.single() == 0);
	}

	@Test
	void aDisabledPartnerSignsNobodyInUntilAnAdminEnablesItAgain() throws Exception {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.LUCAS, SAINT_AUBIN,
				List.of("social", "famille"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty signedIn = new NimbusRelyingParty(LocalPartnerSites.CAF);
		signedIn.signIn(signedIn.code(choose(lucas, signedIn.push(), mandate)));
		NimbusRelyingParty withCode = new NimbusRelyingParty(LocalPartnerSites.CAF);
		AuthorizationCode code = withCode.code(choose(lucas, withCode.push(), mandate));
		NimbusRelyingParty pushedOnly = new NimbusRelyingParty(LocalPartnerSites.CAF);
		String pushed = pushedOnly.push();

		StaffHttp paul = StaffHttp.signIn(DemoAccount.PAUL);
		long disabledBefore = journaled("PARTNER_SITE_DISABLED");
		long enabledBefore = journaled("PARTNER_SITE_ENABLED");
		HttpResponse<String> disabled = paul.form("POST", "/admin/partenaires/portail-caf/desactivation", csrf(paul));
		assertThat(disabled.statusCode()).isEqualTo(302);
		assertThat(disabled.headers().firstValue("Location").orElseThrow()).endsWith("/admin/partenaires?desactive");
		// Sent again (a double click): nothing more happens.
		assertThat(paul.form("POST", "/admin/partenaires/portail-caf/desactivation", csrf(paul)).statusCode())
			.isEqualTo(302);
		assertThat(journaled("PARTNER_SITE_DISABLED")).isEqualTo(disabledBefore + 1);
		assertThat(paul.get("/admin/partenaires?desactive").body()).contains("Site partenaire désactivé")
			.contains("Désactivé par Paul Lefebvre")
			.contains("Réactiver Portail CAF (simulé)")
			.contains("Désactiver Espace impôts (simulé)");

		// The code already issued is not exchanged; the token already issued is not
		// recognised.
		assertThat(NimbusRelyingParty.error(withCode.exchangeRaw(code))).isEqualTo("invalid_client");
		assertThat(signedIn.userInfo().getStatusCode()).isEqualTo(401);
		// A new sign-in is refused: the partner cannot push, and the aidant who follows
		// a request pushed before is told why, in French.
		assertThat(new NimbusRelyingParty(LocalPartnerSites.CAF).pushRaw(signedIn.redirectUri()).getStatusCode())
			.isEqualTo(401);
		HttpResponse<String> followed = lucas.send(HttpRequest.newBuilder(URI.create(pushed)).GET());
		assertThat(followed.statusCode()).isEqualTo(302);
		assertThat(followed.headers().firstValue("Location").orElseThrow()).endsWith("/partenaires/connexion/refus");
		HttpResponse<String> explained = lucas.get("/partenaires/connexion/refus");
		assertThat(explained.statusCode()).isEqualTo(403);
		assertThat(explained.body()).contains("est désactivé dans Mandat");
		// The other site is untouched.
		NimbusRelyingParty impots = new NimbusRelyingParty(LocalPartnerSites.IMPOTS);
		assertThat(impots.pushRaw(impots.redirectUri()).getStatusCode()).isEqualTo(201);

		HttpResponse<String> enabled = paul.form("POST", "/admin/partenaires/portail-caf/activation", csrf(paul));
		assertThat(enabled.headers().firstValue("Location").orElseThrow()).endsWith("/admin/partenaires?active");
		assertThat(journaled("PARTNER_SITE_ENABLED")).isEqualTo(enabledBefore + 1);
		NimbusRelyingParty again = new NimbusRelyingParty(LocalPartnerSites.CAF);
		assertThat(again.signIn(again.code(choose(lucas, again.push(), mandate))).getStringClaim("mandate_id"))
			.isEqualTo(mandate.toString());
	}

	@Test
	void onlyAnAdminDisablesAPartnerAndOnlyAKnownOne() {
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		assertThat(lucas.form("POST", "/admin/partenaires/portail-caf/desactivation", csrf(lucas)).statusCode())
			.isEqualTo(403);
		assertThat(this.jdbc.sql("SELECT count(*) FROM federation_partner_status").query(Long.class).single()).isZero();

		StaffHttp paul = StaffHttp.signIn(DemoAccount.PAUL);
		HttpResponse<String> unknown = paul.form("POST", "/admin/partenaires/portail-inconnu/desactivation",
				csrf(paul));
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("n’est pas connu de Mandat");
		assertThat(paul.get("/admin/partenaires").body()).contains("href=\"/admin/partenaires\"");
	}

	@Test
	void aClientAssertionServesOnce() throws Exception {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("famille"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty first = new NimbusRelyingParty(LocalPartnerSites.CAF);
		AuthorizationCode firstCode = first.code(choose(lucas, first.push(), mandate));
		NimbusRelyingParty second = new NimbusRelyingParty(LocalPartnerSites.CAF);
		AuthorizationCode secondCode = second.code(choose(lucas, second.push(), mandate));

		ClientAuthentication assertion = first.assertion(first.provider().getTokenEndpointURI());
		assertThat(NimbusRelyingParty.error(first.exchangeRaw(firstCode, assertion))).isNull();
		// The same assertion again, with a good code: refused as a replay.
		assertThat(NimbusRelyingParty.error(second.exchangeRaw(secondCode, assertion))).isEqualTo("invalid_client");
		// A fresh assertion: the code was not spent.
		assertThat(second.signIn(secondCode).getStringClaim("mandate_id")).isEqualTo(mandate.toString());
		assertThat(this.jdbc.sql("SELECT count(*) FROM federation_client_assertion WHERE expires_at > now()")
			.query(Long.class)
			.single()).isPositive();
	}

	@Test
	void anAuthorizationRequestWithoutOpenidIsSentBackToThePartnerAsInvalidScope() {
		String redirect = LocalPartnerSites.redirectUri(LocalPartnerSites.CAF,
				LocalPartnerSites.testPort(LocalPartnerSites.CAF));
		String request = BASE_URL + "/oauth2/authorize?response_type=code&client_id=" + LocalPartnerSites.CAF
				+ "&redirect_uri=" + redirect + "&state=etat-1&code_challenge_method=S256&code_challenge="
				+ CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue();
		for (StaffHttp who : List.of(StaffHttp.anonymous(), StaffHttp.signIn(DemoAccount.LUCAS))) {
			HttpResponse<String> answer = who.send(HttpRequest.newBuilder(URI.create(request)).GET());
			assertThat(answer.statusCode()).isEqualTo(302);
			assertThat(answer.headers().firstValue("Location").orElseThrow())
				.isEqualTo(redirect + "?error=invalid_scope&state=etat-1");
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM oauth2_authorization WHERE state = 'etat-1'")
			.query(Long.class)
			.single()).isZero();
	}

	private static Map<String, String> csrf(StaffHttp who) {
		return Map.of("_csrf", who.csrfToken());
	}

	private long journaled(String action) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = ? AND payload::text LIKE ?")
			.params(action, "%portail-caf%")
			.query(Long.class)
			.single();
	}

}
