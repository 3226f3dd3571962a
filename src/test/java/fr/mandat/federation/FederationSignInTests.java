package fr.mandat.federation;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import fr.mandat.demarche.DelegationTokens;
import fr.mandat.local.LocalPartnerSites;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.StaffSessions;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partner sites sign aidants in through Mandat's OpenID provider: a relying party written
 * with the Nimbus SDK only, the aidant's part over real HTTP with a real session.
 */
@MandatIntegrationTest
class FederationSignInTests {

	private static final String SAINT_AUBIN = "Mairie de Saint-Aubin";

	private static final String SAINT_AUBIN_ID = "3c6e0b8a-4b1f-4a8e-9c1d-000000000002";

	private static final String VILLENEUVE = "France Services de Villeneuve";

	private static final String LUCAS_ID = "7d2f9a10-0000-4000-8000-000000000002";

	private static final Pattern HIDDEN = Pattern
		.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");

	private static final Pattern CHOICE = Pattern.compile("name=\"mandat\" value=\"([^\"]+)\"");

	@Autowired
	private ApplicationContext context;

	@Autowired
	private org.springframework.jdbc.core.simple.JdbcClient sessions;

	/**
	 * Lucas's sessions end with the test, at Keycloak and here (as SessionLifetimeTests
	 * expects of the sessions earlier tests leave).
	 */
	@org.junit.jupiter.api.AfterEach
	void signLucasOut() {
		StaffSessions.endEverywhere(DemoAccount.LUCAS, this.sessions);
	}

	@Autowired
	private JdbcClient jdbc;

	@Test
	void aPartnerLearnsWhoActsForWhomUnderWhichMandateWithAPairwiseSubject() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("social", "argent", "logement"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);

		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		assertThat(caf.provider().getIssuer().getValue()).isEqualTo(BASE_URL);
		assertThat(caf.provider().getPushedAuthorizationRequestEndpointURI()).isNotNull();
		assertThat(caf.provider().getIDTokenJWSAlgs()).extracting(Object::toString).containsExactly("ES256");
		assertThat(caf.provider().getTokenEndpointAuthMethods()).extracting(Object::toString)
			.containsExactly("private_key_jwt");
		JWTClaimsSet atCaf = caf.signIn(caf.code(choose(lucas, caf.push(), mandate)));

		String pseudonym = this.jdbc.sql("SELECT usager_pseudonym FROM mandate WHERE id = ?")
			.param(mandate)
			.query(String.class)
			.single();
		DelegationTokens delegation = this.context.getBean(DelegationTokens.class);
		// The same identifier the CAF's APIs receive in delegation tokens.
		assertThat(atCaf.getSubject()).isEqualTo(delegation.pairwiseSubject("allocations-familiales", pseudonym))
			.isNotEqualTo(pseudonym);
		assertThat(atCaf.getJSONObjectClaim("act")).containsEntry("sub", LUCAS_ID)
			.containsEntry("structure", SAINT_AUBIN_ID);
		assertThat(atCaf.getStringClaim("mandate_id")).isEqualTo(mandate.toString());
		assertThat(atCaf.getListClaim("authorization_details")).hasSize(1);
		@SuppressWarnings("unchecked")
		Map<String, Object> details = (Map<String, Object>) atCaf.getListClaim("authorization_details").get(0);
		assertThat(details).containsEntry("type", "mandat");
		// The mandate's categories that the CAF serves (social, famille), nothing more.
		assertThat(details.get("categories")).asList().containsExactly("social");
		assertThat(atCaf.getExpirationTime().getTime() - atCaf.getIssueTime().getTime()).isEqualTo(300_000);
		assertThat(atCaf.getAudience()).containsExactly(LocalPartnerSites.CAF);
		// How the aidant signed in to Mandat (password and one-time code), as Keycloak
		// said.
		assertThat(atCaf.getStringClaim("acr")).isEqualTo("otp");
		assertThat(atCaf.getDateClaim("auth_time")).isNotNull().isBeforeOrEqualTo(atCaf.getIssueTime());
		// The authorization keeps the aidant's name, not their whole authentication.
		assertThat(this.jdbc.sql("SELECT attributes FROM oauth2_authorization WHERE registered_client_id = ?")
			.param(LocalPartnerSites.CAF)
			.query(String.class)
			.list()).isNotEmpty().allSatisfy(attributes -> assertThat(attributes).doesNotContain("idToken"));

		// Another partner, the same usager and aidant: another subject.
		NimbusRelyingParty impots = new NimbusRelyingParty(LocalPartnerSites.IMPOTS);
		JWTClaimsSet atImpots = impots.signIn(impots.code(choose(lucas, impots.push(), mandate)));
		assertThat(atImpots.getSubject()).isEqualTo(delegation.pairwiseSubject("impots", pseudonym))
			.isNotEqualTo(atCaf.getSubject());
		assertThat(atImpots.getJSONObjectClaim("act")).containsEntry("sub", LUCAS_ID);

		assertThat(
				this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = 'PARTNER_SIGN_IN' AND mandate_id = ?")
					.param(mandate)
					.query(Long.class)
					.single())
			.isEqualTo(2);
	}

	@Test
	void aCodeServesOnceAndOnlyWithTheClientsKey() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("famille"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		AuthorizationCode code = caf.code(choose(lucas, caf.push(), mandate));

		// A client secret is not how partners authenticate: refused, the code still good.
		assertThat(NimbusRelyingParty.error(caf.exchangeRaw(code,
				new ClientSecretBasic(new ClientID(LocalPartnerSites.CAF), new Secret("devine")))))
			.isEqualTo("invalid_client");
		// An assertion naming the CAF signed with another partner's key.
		assertThat(NimbusRelyingParty.error(caf.exchangeRaw(code,
				caf.assertion(caf.provider().getTokenEndpointURI(), LocalPartnerSites.key(LocalPartnerSites.IMPOTS)))))
			.isEqualTo("invalid_client");

		assertThat(caf.signIn(code).getStringClaim("mandate_id")).isEqualTo(mandate.toString());
		// Replayed: refused.
		assertThat(NimbusRelyingParty.error(caf.exchangeRaw(code))).isEqualTo("invalid_grant");
	}

	@Test
	void aRedirectAddressThatIsNotRegisteredExactlyIsRefusedBeforeAnything() throws Exception {
		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		var refused = caf.pushRaw(URI.create(caf.redirectUri() + "/autre"));
		assertThat(refused.getStatusCode()).isEqualTo(400);
		assertThat(refused.getBody()).contains("invalid_request");
		assertThat(caf.pushRaw(caf.redirectUri()).getStatusCode()).isEqualTo(201);
	}

	@Test
	void aMandateRevokedBetweenTheChoiceAndTheCodeExchangeGivesNoToken() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("social"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		AuthorizationCode code = caf.code(choose(lucas, caf.push(), mandate));

		fixtures.revoke(mandate, DemoAccount.LUCAS, SAINT_AUBIN);

		assertThat(NimbusRelyingParty.error(caf.exchangeRaw(code))).isEqualTo("invalid_grant");
		assertThat(refusals(mandate, "mandate-revoked")).isEqualTo(1);
	}

	@Test
	void introspectionAndUserinfoAnswerInactiveAsSoonAsTheMandateIsRevoked() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("social", "famille"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		JWTClaimsSet idToken = caf.signIn(caf.code(choose(lucas, caf.push(), mandate)));

		var active = caf.introspect();
		assertThat(active.isActive()).isTrue();
		assertThat(active.getSubject().getValue()).isEqualTo(idToken.getSubject());
		assertThat(active.toJSONObject().get("mandate_id")).isEqualTo(mandate.toString());
		assertThat(active.toJSONObject().get("act").toString()).contains(LUCAS_ID);
		// Another partner learns nothing about the CAF's token.
		assertThat(caf.introspectAs(new NimbusRelyingParty(LocalPartnerSites.IMPOTS)).isActive()).isFalse();
		var userInfo = caf.userInfo();
		assertThat(userInfo.getStatusCode()).isEqualTo(200);
		assertThat(userInfo.getBodyAsJSONObject()).containsEntry("sub", idToken.getSubject())
			.containsEntry("mandate_id", mandate.toString());

		fixtures.revoke(mandate, DemoAccount.LUCAS, SAINT_AUBIN, List.of("social"));
		// One category left: still active, with only that one.
		assertThat(caf.introspect().toJSONObject().get("authorization_details").toString()).contains("famille")
			.doesNotContain("social");
		fixtures.revoke(mandate, DemoAccount.LUCAS, SAINT_AUBIN, List.of("famille"));
		// Checked at each call: inactive at once, nothing else said.
		var inactive = caf.introspect();
		assertThat(inactive.isActive()).isFalse();
		assertThat(inactive.toJSONObject()).containsOnlyKeys("active");
		assertThat(caf.userInfo().getStatusCode()).isEqualTo(401);
	}

	@Test
	void anAidantWithoutACoveringMandateIsToldSoAndCannotForgeAnotherStructuresChoice() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		// Covers nothing the tax site serves.
		UUID logement = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("logement"), 31);
		// Another structure's usager, whom Lucas cannot act for.
		UUID villeneuve = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty impots = new NimbusRelyingParty(LocalPartnerSites.IMPOTS);

		HttpResponse<String> page = choicePage(lucas, impots.push());
		assertThat(page.body()).doesNotContain(logement.toString()).doesNotContain(villeneuve.toString());

		HttpResponse<String> forged = forge(lucas, page, villeneuve);
		assertThat(forged.statusCode()).isEqualTo(302);
		assertThat(forged.headers().firstValue("Location").orElseThrow()).endsWith("/partenaires/connexion/refus");
		HttpResponse<String> explained = lucas.get("/partenaires/connexion/refus");
		assertThat(explained.statusCode()).isEqualTo(403);
		assertThat(explained.body()).contains("autre structure");
		assertThat(refusals(villeneuve, "mandate-of-another-structure")).isEqualTo(1);

		HttpResponse<String> notCovering = forge(lucas, choicePage(lucas, impots.push()), logement);
		assertThat(notCovering.headers().firstValue("Location").orElseThrow()).endsWith("/partenaires/connexion/refus");
		assertThat(lucas.get("/partenaires/connexion/refus").body()).contains("ne couvre aucune");
		assertThat(refusals(logement, "category-not-covered")).isEqualTo(1);
	}

	@Test
	void adminsSeeThePartnerSitesWithTheirCategories() {
		HttpResponse<String> list = StaffHttp.signIn(DemoAccount.PAUL).get("/admin/partenaires");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("Portail CAF (simulé)")
			.contains("<code>portail-caf</code>")
			.contains("Espace impôts (simulé)")
			.contains(LocalPartnerSites.redirectUri(LocalPartnerSites.IMPOTS,
					LocalPartnerSites.testPort(LocalPartnerSites.IMPOTS)));
	}

	@Test
	void anAnonymousVisitorIsSentToTheStaffSignInFirst() throws Exception {
		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		HttpResponse<String> response = StaffHttp.anonymous()
			.send(HttpRequest.newBuilder(URI.create(caf.push())).GET());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/oauth2/authorization/mandat");
	}

	/**
	 * A choice the page did not offer, sent as the page's form would be: the consent
	 * state from the page's address, the session's CSRF token.
	 */
	private static HttpResponse<String> forge(StaffHttp aidant, HttpResponse<String> page, UUID mandate) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String pair : page.uri().getRawQuery().split("&")) {
			String[] nameValue = pair.split("=", 2);
			fields.put(nameValue[0], java.net.URLDecoder.decode(nameValue[1], java.nio.charset.StandardCharsets.UTF_8));
		}
		fields.put("_csrf", aidant.csrfToken());
		fields.put("mandat", mandate.toString());
		return aidant.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/authorize"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(StaffHttp.form(fields))));
	}

	private long refusals(UUID mandate, String reason) {
		return this.jdbc.sql("""
				SELECT count(*) FROM journal_entry
				WHERE action = 'PARTNER_SIGN_IN_REFUSED' AND mandate_id = ? AND payload::text LIKE ?
				""").params(mandate, "%" + reason + "%").query(Long.class).single();
	}

	/** The aidant's browser: from the partner's redirect to the choice, then back. */
	static String choose(StaffHttp aidant, String authorizeUrl, UUID mandate) {
		HttpResponse<String> page = choicePage(aidant, authorizeUrl);
		assertThat(page.body()).contains(mandate.toString());
		HttpResponse<String> answer = submit(aidant, page, mandate);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
		return answer.headers().firstValue("Location").orElseThrow();
	}

	private static HttpResponse<String> choicePage(StaffHttp aidant, String authorizeUrl) {
		HttpResponse<String> toChoice = aidant.send(HttpRequest.newBuilder(URI.create(authorizeUrl)).GET());
		assertThat(toChoice.statusCode()).as(toChoice.body()).isEqualTo(302);
		String choice = toChoice.headers().firstValue("Location").orElseThrow();
		assertThat(choice).contains("/partenaires/connexion?");
		HttpResponse<String> page = aidant.send(HttpRequest.newBuilder(URI.create(choice)).GET());
		assertThat(page.statusCode()).isEqualTo(200);
		return page;
	}

	private static HttpResponse<String> submit(StaffHttp aidant, HttpResponse<String> page, UUID mandate) {
		Map<String, String> fields = new LinkedHashMap<>();
		Matcher hidden = HIDDEN.matcher(page.body());
		while (hidden.find()) {
			fields.put(hidden.group(1), hidden.group(2).replace("&amp;", "&"));
		}
		fields.put("mandat", mandate.toString());
		return aidant.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/authorize"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(StaffHttp.form(fields))));
	}

}
