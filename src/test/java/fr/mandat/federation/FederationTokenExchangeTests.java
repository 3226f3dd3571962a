package fr.mandat.federation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import fr.mandat.demarche.DelegationTokens;
import fr.mandat.local.LocalPartnerSites;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.StaffSessions;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token exchange for partner back-ends (RFC 8693, ADR 0113), driven by the Nimbus relying
 * party: a partner site exchanges the access token of a sign-in for a delegation token
 * for its API, checked against the mandate at that moment.
 */
@MandatIntegrationTest
class FederationTokenExchangeTests {

	private static final String SAINT_AUBIN = "Mairie de Saint-Aubin";

	private static final String SAINT_AUBIN_ID = "3c6e0b8a-4b1f-4a8e-9c1d-000000000002";

	private static final String LUCAS_ID = "7d2f9a10-0000-4000-8000-000000000002";

	/** The CAF's API, as its delegation tokens name it (mandat.demarche.partners). */
	private static final String CAF_API = "urn:mandat:partenaire:allocations-familiales";

	private static final String IMPOTS_API = "urn:mandat:partenaire:impots";

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	/**
	 * Lucas's sessions end with the test, at Keycloak and here (as SessionLifetimeTests
	 * expects of the sessions earlier tests leave).
	 */
	@AfterEach
	void signLucasOut() {
		StaffSessions.endEverywhere(DemoAccount.LUCAS, this.jdbc);
	}

	@Test
	void aPartnerBackEndGetsADelegationTokenForItsApiNamingTheUsagerTheAidantAndTheMandate() throws Exception {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.LUCAS, SAINT_AUBIN,
				List.of("social", "famille", "logement"), 31);
		NimbusRelyingParty caf = signedIn(LocalPartnerSites.CAF, mandate);

		HTTPResponse response = caf.exchangeToken(caf, List.of(CAF_API));
		assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
		var body = response.getBodyAsJSONObject();
		assertThat(body).containsEntry("issued_token_type", "urn:ietf:params:oauth:token-type:access_token")
			.containsEntry("token_type", "Bearer")
			.doesNotContainKey("refresh_token");

		JWTClaimsSet token = verified((String) body.get("access_token"), CAF_API);
		String pseudonym = this.jdbc.sql("SELECT usager_pseudonym FROM mandate WHERE id = ?")
			.param(mandate)
			.query(String.class)
			.single();
		assertThat(token.getSubject()).isEqualTo(
				this.context.getBean(DelegationTokens.class).pairwiseSubject("allocations-familiales", pseudonym));
		String siret = this.jdbc.sql("SELECT siret FROM structure WHERE id = ?::uuid")
			.param(SAINT_AUBIN_ID)
			.query(String.class)
			.single();
		assertThat(token.getJSONObjectClaim("act")).containsEntry("sub", LUCAS_ID).containsEntry("structure", siret);
		assertThat(token.getStringClaim("mandat")).isEqualTo(mandate.toString());
		@SuppressWarnings("unchecked")
		Map<String, Object> details = (Map<String, Object>) token.getListClaim("authorization_details").get(0);
		assertThat(details).containsEntry("type", "mandat");
		assertThat(details.get("categories")).asList().containsExactlyInAnyOrder("social", "famille");
		assertThat(token.getExpirationTime().getTime() - token.getIssueTime().getTime()).isEqualTo(60_000);
		assertThat(token.getJWTID()).isNotBlank();
		assertThat(journaled("PARTNER_TOKEN_EXCHANGED", mandate, CAF_API)).isEqualTo(1);

		// The same with resource (RFC 8693 §2.1) instead of audience.
		HTTPResponse byResource = caf.exchangeTokenForResource(caf, java.net.URI.create(CAF_API));
		assertThat(byResource.getStatusCode()).as(byResource.getBody()).isEqualTo(200);
	}

	@Test
	void noTokenOnceTheMandateIsRevoked() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("social"), 31);
		NimbusRelyingParty caf = signedIn(LocalPartnerSites.CAF, mandate);
		assertThat(caf.exchangeToken(caf, List.of(CAF_API)).getStatusCode()).isEqualTo(200);

		fixtures.revoke(mandate, DemoAccount.LUCAS, SAINT_AUBIN);
		// The exchange checks the mandate itself; and once the revocation has ended the
		// partner's session (back-channel logout, ADR 0111: after the revocation's
		// commit)
		// its access token is gone. Either way, no token: here, after the session ended.
		Awaitility.await("the partner's session ended by the revocation")
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc
				.sql("SELECT count(*) FROM federation_grant WHERE mandate_id = ? AND ended_at IS NULL")
				.param(mandate)
				.query(Long.class)
				.single() == 0);

		HTTPResponse refused = caf.exchangeToken(caf, List.of(CAF_API));
		assertThat(refused.getStatusCode()).isEqualTo(400);
		assertThat(refused.getBodyAsJSONObject()).containsEntry("error", "invalid_grant")
			.doesNotContainKey("access_token");
	}

	@Test
	void noTokenForASignInEndedEvenIfItsTokenIsStillPresented() throws Exception {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("social"), 31);
		NimbusRelyingParty caf = signedIn(LocalPartnerSites.CAF, mandate);
		// The moment between a back-channel logout ending the sign-in and its access
		// token being removed (BackchannelLogouts): the grant says it has ended.
		this.jdbc
			.sql("UPDATE federation_grant SET ended_at = now(), ended_reason = 'aidant-deactivated' "
					+ "WHERE mandate_id = ?")
			.param(mandate)
			.update();

		HTTPResponse refused = caf.exchangeToken(caf, List.of(CAF_API));
		assertThat(refused.getStatusCode()).isEqualTo(400);
		assertThat(refused.getBodyAsJSONObject()).containsEntry("error", "invalid_grant")
			.doesNotContainKey("access_token");
		assertThat(refusals(mandate, "aidant-deactivated")).isEqualTo(1);
	}

	@Test
	void theTokenCarriesWhatTheMandateAllowsAtTheMomentOfTheExchange() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("social", "famille"), 31);
		NimbusRelyingParty caf = signedIn(LocalPartnerSites.CAF, mandate);
		assertThat(categories(caf)).containsExactlyInAnyOrder("social", "famille");

		// « famille » revoked: the sign-in still covers « social » (no logout), and the
		// next exchange is checked against the mandate as it is now.
		fixtures.revoke(mandate, DemoAccount.LUCAS, SAINT_AUBIN, List.of("famille"));

		assertThat(categories(caf)).containsExactly("social");
		assertThat(this.jdbc.sql("SELECT count(*) FROM federation_grant WHERE mandate_id = ? AND ended_at IS NULL")
			.param(mandate)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@SuppressWarnings("unchecked")
	private List<Object> categories(NimbusRelyingParty caf) throws Exception {
		HTTPResponse response = caf.exchangeToken(caf, List.of(CAF_API));
		assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
		JWTClaimsSet token = verified((String) response.getBodyAsJSONObject().get("access_token"), CAF_API);
		Map<String, Object> details = (Map<String, Object>) token.getListClaim("authorization_details").get(0);
		return (List<Object>) details.get("categories");
	}

	@Test
	void noTokenForAnotherSitesSignInNorForAnApiThatIsNotThePartners() throws Exception {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.LUCAS, SAINT_AUBIN,
				List.of("social", "argent"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		caf.signIn(caf.code(FederationSignInTests.choose(lucas, caf.push(), mandate)));
		NimbusRelyingParty impots = new NimbusRelyingParty(LocalPartnerSites.IMPOTS);
		impots.signIn(impots.code(FederationSignInTests.choose(lucas, impots.push(), mandate)));

		// The tax site presents the CAF's token, whatever the audience.
		assertThat(error(impots.exchangeToken(caf, List.of(IMPOTS_API)))).isEqualTo("invalid_grant");
		assertThat(error(impots.exchangeToken(caf, List.of(CAF_API)))).isEqualTo("invalid_grant");
		assertThat(refusals(mandate, "token-of-another-client")).isEqualTo(2);

		// The CAF asks for the tax API, for no API, for two.
		assertThat(error(caf.exchangeToken(caf, List.of(IMPOTS_API)))).isEqualTo("invalid_target");
		assertThat(error(caf.exchangeToken(caf, List.of("urn:mandat:partenaire:inconnu")))).isEqualTo("invalid_target");
		assertThat(error(caf.exchangeToken(caf, null))).isEqualTo("invalid_target");
		assertThat(error(caf.exchangeToken(caf, List.of(CAF_API, IMPOTS_API)))).isEqualTo("invalid_target");
		assertThat(refusals(mandate, "unknown-audience")).isEqualTo(4);

		// Its own API, its own token: given.
		assertThat(impots.exchangeToken(impots, List.of(IMPOTS_API)).getStatusCode()).isEqualTo(200);
		assertThat(journaled("PARTNER_TOKEN_EXCHANGED", mandate, IMPOTS_API)).isEqualTo(1);
	}

	private static NimbusRelyingParty signedIn(String clientId, UUID mandate) throws Exception {
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty site = new NimbusRelyingParty(clientId);
		site.signIn(site.code(FederationSignInTests.choose(lucas, site.push(), mandate)));
		return site;
	}

	/**
	 * The token checked as the partner's API must: signature against the JWKS, type,
	 * issuer, audience.
	 */
	private static JWTClaimsSet verified(String token, String audience) throws Exception {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("delegation+jwt")));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
				JWKSourceBuilder.create(java.net.URI.create(BASE_URL + "/oauth2/jwks").toURL()).build()));
		processor.setJWTClaimsSetVerifier(
				new DefaultJWTClaimsVerifier<>(audience, new JWTClaimsSet.Builder().issuer(BASE_URL).build(),
						Set.of("sub", "act", "mandat", "jti", "iat", "exp")));
		return processor.process(token, null);
	}

	private static String error(HTTPResponse response) throws Exception {
		assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
		return (String) response.getBodyAsJSONObject().get("error");
	}

	private long journaled(String action, UUID mandate, String audience) {
		return this.jdbc.sql("""
				SELECT count(*) FROM journal_entry
				WHERE action = ? AND mandate_id = ? AND payload::text LIKE ?
				""").params(action, mandate, "%" + audience + "%").query(Long.class).single();
	}

	private long refusals(UUID mandate, String reason) {
		return this.jdbc.sql("""
				SELECT count(*) FROM journal_entry
				WHERE action = 'PARTNER_TOKEN_EXCHANGE_REFUSED' AND mandate_id = ? AND payload::text LIKE ?
				""").params(mandate, "%" + reason + "%").query(Long.class).single();
	}

}
