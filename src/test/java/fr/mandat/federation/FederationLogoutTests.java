package fr.mandat.federation;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import fr.mandat.local.PartnerBackchannels.Received;
import fr.mandat.local.LocalPartnerSites;
import fr.mandat.local.PartnerBackchannels;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.structure.AidantFixtures;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.StaffSessions;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import fr.mandat.support.TestClock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static fr.mandat.federation.FederationSignInTests.choose;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0): a revocation through the
 * application's own service, or an aidant's deactivation, reaches the partner's
 * back-channel endpoint (a real HTTP server standing for it) with a logout token signed
 * with the published key, within a second of the commit.
 */
@MandatIntegrationTest
class FederationLogoutTests {

	private static final String SAINT_AUBIN = "Mairie de Saint-Aubin";

	private static final UUID SAINT_AUBIN_ID = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000002");

	private static PartnerBackchannels partners;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@BeforeAll
	static void startPartners() throws Exception {
		partners = PartnerBackchannels.start();
	}

	/**
	 * Lucas's sessions end with the test, at Keycloak and here (as in
	 * FederationSignInTests).
	 */
	@AfterEach
	void signLucasOut() {
		StaffSessions.endEverywhere(DemoAccount.LUCAS, this.jdbc);
	}

	@Test
	void revokingTheMandateSendsTheSitesASignedLogoutTokenWithinASecond() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("social"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		JWTClaimsSet idToken = caf.signIn(caf.code(choose(lucas, caf.push(), mandate)));
		assertThat(idToken.getStringClaim("sid")).isNotBlank();
		assertThat(caf.introspect().isActive()).isTrue();

		fixtures.revoke(mandate, DemoAccount.LUCAS, SAINT_AUBIN);
		Instant committed = Instant.now();

		Received logout = awaitLogout(LocalPartnerSites.CAF, idToken.getSubject());
		assertThat(Duration.between(committed, logout.at())).isLessThan(Duration.ofSeconds(1));
		assertThat(logout.method()).isEqualTo("POST");
		assertThat(logout.contentType()).startsWith("application/x-www-form-urlencoded");
		SignedJWT token = verified(logout.token());
		assertThat(token.getHeader().getType().getType()).isEqualTo("logout+jwt");
		JWTClaimsSet claims = token.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(BASE_URL);
		assertThat(claims.getAudience()).containsExactly(LocalPartnerSites.CAF);
		assertThat(claims.getSubject()).isEqualTo(idToken.getSubject());
		assertThat(claims.getStringClaim("sid")).isEqualTo(idToken.getStringClaim("sid"));
		assertThat(claims.getJSONObjectClaim("events"))
			.containsOnlyKeys("http://schemas.openid.net/event/backchannel-logout");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getClaims()).doesNotContainKey("nonce");
		assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
		assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isLessThanOrEqualTo(120_000);

		assertThat(caf.introspect().isActive()).isFalse();
		assertThat(caf.userInfo().getStatusCode()).isEqualTo(401);
		// The authorization is gone, its tokens with it, whatever the mandate says.
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM oauth2_authorization a JOIN federation_grant g"
					+ " ON g.authorization_id = a.id WHERE g.mandate_id = ?")
			.param(mandate)
			.query(Long.class)
			.single()).isZero();
		Awaitility.await("the logout journaled")
			.atMost(Duration.ofSeconds(5))
			.until(() -> journaled("PARTNER_SIGNED_OUT", mandate) == 1);
	}

	@Test
	void aPartialRevocationThatLeavesAPartnerCategoryCoveredSendsThatPartnerNothing() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("social", "famille", "argent"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		JWTClaimsSet atCaf = caf.signIn(caf.code(choose(lucas, caf.push(), mandate)));
		NimbusRelyingParty impots = new NimbusRelyingParty(LocalPartnerSites.IMPOTS);
		JWTClaimsSet atImpots = impots.signIn(impots.code(choose(lucas, impots.push(), mandate)));

		// The CAF serves social and famille: famille is left, the CAF's session holds.
		fixtures.revoke(mandate, DemoAccount.LUCAS, SAINT_AUBIN, List.of("social", "argent"));

		Received logout = awaitLogout(LocalPartnerSites.IMPOTS, atImpots.getSubject());
		assertThat(verified(logout.token()).getJWTClaimsSet().getAudience()).containsExactly(LocalPartnerSites.IMPOTS);
		assertThat(impots.introspect().isActive()).isFalse();
		// Both grants were decided in the same step: the CAF's is still open, nothing
		// sent.
		assertThat(logoutsFor(LocalPartnerSites.CAF, atCaf.getSubject())).isEmpty();
		assertThat(this.jdbc.sql("SELECT count(*) FROM federation_grant WHERE mandate_id = ? AND ended_at IS NULL")
			.param(mandate)
			.query(Long.class)
			.single()).isOne();
		assertThat(caf.introspect().isActive()).isTrue();
	}

	@Test
	void deactivatingTheAidantSignsThePartnerOut() throws Exception {
		String username = "partenaire." + UUID.randomUUID().toString().substring(0, 8);
		String totp = "partner-totp-" + UUID.randomUUID().toString().substring(0, 7);
		String subject = new KeycloakAdmin().createUserWithCredentials(username, username + "@saint-aubin.example.fr",
				DemoAccount.PASSWORD, totp, true);
		AidantFixtures aidants = new AidantFixtures(this.context);
		UUID aidant = aidants.habilitated(subject, SAINT_AUBIN_ID);
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("famille"), 31);
		StaffHttp newcomer = StaffHttp.signIn(username, DemoAccount.PASSWORD, totp);
		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		JWTClaimsSet idToken = caf.signIn(caf.code(choose(newcomer, caf.push(), mandate)));
		assertThat(idToken.getJSONObjectClaim("act")).containsEntry("sub", aidant.toString());

		aidants.deactivate(aidant, SAINT_AUBIN_ID);
		Instant committed = Instant.now();

		Received logout = awaitLogout(LocalPartnerSites.CAF, idToken.getSubject());
		assertThat(Duration.between(committed, logout.at())).isLessThan(Duration.ofSeconds(1));
		assertThat(verified(logout.token()).getJWTClaimsSet().getStringClaim("sid"))
			.isEqualTo(idToken.getStringClaim("sid"));
		assertThat(caf.introspect().isActive()).isFalse();
	}

	@Test
	void aCodeNotExchangedYetWhenTheMandateIsRevokedIsRefusedAndNoLogoutIsSent() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("famille"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		AuthorizationCode code = caf.code(choose(lucas, caf.push(), mandate));

		fixtures.revoke(mandate, DemoAccount.LUCAS, SAINT_AUBIN);
		Awaitility.await("the grant ended")
			.atMost(Duration.ofSeconds(1))
			.until(() -> this.jdbc
				.sql("SELECT ended_reason FROM federation_grant WHERE mandate_id = ? AND ended_at IS NOT NULL")
				.param(mandate)
				.query(String.class)
				.optional()
				.isPresent());

		assertThat(NimbusRelyingParty.error(caf.exchangeRaw(code))).isEqualTo("invalid_grant");
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM journal_entry
				WHERE action = 'PARTNER_SIGN_IN_REFUSED' AND mandate_id = ? AND payload::text LIKE '%mandate-revoked%'
				""").param(mandate).query(Long.class).single()).isOne();
		assertThat(this.jdbc
			.sql("SELECT logout_pending OR logout_sent_at IS NOT NULL FROM federation_grant" + " WHERE mandate_id = ?")
			.param(mandate)
			.query(Boolean.class)
			.single()).isFalse();
		assertThat(journaled("PARTNER_SIGNED_OUT", mandate)).isZero();
	}

	@Test
	void aPartnerThatCannotBeReachedIsToldLater() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("argent"), 31);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty impots = new NimbusRelyingParty(LocalPartnerSites.IMPOTS);
		JWTClaimsSet idToken = impots.signIn(impots.code(choose(lucas, impots.push(), mandate)));

		partners.failNext(LocalPartnerSites.IMPOTS, 1);
		fixtures.revoke(mandate, DemoAccount.LUCAS, SAINT_AUBIN);
		Awaitility.await("the first delivery failed")
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.jdbc.sql("SELECT logout_attempts FROM federation_grant WHERE mandate_id = ?")
				.param(mandate)
				.query(Integer.class)
				.single() == 1);
		assertThat(logoutsFor(LocalPartnerSites.IMPOTS, idToken.getSubject())).isEmpty();
		// Ended all the same: the partner's token is inactive before it hears of it.
		assertThat(impots.introspect().isActive()).isFalse();

		// The retry comes 30 seconds later: the schedule's pass, that much later.
		TestClock.shift(Duration.ofMinutes(1));
		try {
			this.context.getBean(LogoutDeliveries.class).retryDue();
		}
		finally {
			TestClock.reset();
		}
		assertThat(verified(awaitLogout(LocalPartnerSites.IMPOTS, idToken.getSubject()).token()).getJWTClaimsSet()
			.getStringClaim("sid")).isEqualTo(idToken.getStringClaim("sid"));
		assertThat(journaled("PARTNER_SIGNED_OUT", mandate)).isOne();
	}

	@Test
	void anExpiredMandateSignsThePartnerOutAtTheNextCheck() throws Exception {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("famille"), 1);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
		JWTClaimsSet idToken = caf.signIn(caf.code(choose(lucas, caf.push(), mandate)));
		BackchannelLogouts logouts = this.context.getBean(BackchannelLogouts.class);
		logouts.endLapsed();
		assertThat(logoutsFor(LocalPartnerSites.CAF, idToken.getSubject())).isEmpty();

		TestClock.shift(Duration.ofDays(2));
		try {
			logouts.endLapsed();
			Received logout = awaitLogout(LocalPartnerSites.CAF, idToken.getSubject());
			assertThat(verified(logout.token()).getJWTClaimsSet().getAudience()).containsExactly(LocalPartnerSites.CAF);
			assertThat(caf.introspect().isActive()).isFalse();
		}
		finally {
			TestClock.reset();
		}
	}

	/**
	 * A revocation and the code exchange at the same moment, several times: either the
	 * exchange is refused, or the partner gets its token and then a logout for it; never
	 * a token that stays valid without one. Started together, the revocation wins (the
	 * exchange has an assertion to sign and check first); every other round it starts the
	 * moment the exchange's check has committed, while the server is still saving and
	 * sending the tokens.
	 */
	@Test
	void aRevocationRacingTheCodeExchangeNeverLeavesATokenWithoutALogout() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		int refused = 0;
		int signedOut = 0;
		for (int round = 0; round < 6; round++) {
			UUID mandate = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("social"), 31);
			NimbusRelyingParty caf = new NimbusRelyingParty(LocalPartnerSites.CAF);
			AuthorizationCode code = caf.code(choose(lucas, caf.push(), mandate));
			CountDownLatch start = new CountDownLatch(1);
			CompletableFuture<Optional<JWTClaimsSet>> exchange = CompletableFuture.supplyAsync(() -> {
				await(start);
				try {
					return Optional.of(caf.signIn(code));
				}
				catch (IllegalStateException ex) {
					assertThat(ex.getMessage()).contains("invalid_grant");
					return Optional.empty();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			boolean afterTheCheck = round % 2 == 1;
			CompletableFuture<Instant> revocation = CompletableFuture.supplyAsync(() -> {
				await(start);
				if (afterTheCheck) {
					Awaitility.await("the exchange's check committed")
						.atMost(Duration.ofSeconds(10))
						.pollInterval(Duration.ofMillis(1))
						.until(() -> this.jdbc
							.sql("SELECT subject IS NOT NULL FROM federation_grant WHERE mandate_id = ?")
							.param(mandate)
							.query(Boolean.class)
							.single());
				}
				fixtures.revoke(mandate, DemoAccount.LUCAS, SAINT_AUBIN);
				return Instant.now();
			});
			start.countDown();
			Optional<JWTClaimsSet> idToken = exchange.get(30, TimeUnit.SECONDS);
			Instant committed = revocation.get(30, TimeUnit.SECONDS);
			if (idToken.isEmpty()) {
				assertThat(afterTheCheck).as("refused although its check had passed").isFalse();
				refused++;
				continue;
			}
			signedOut++;
			Received logout = awaitLogout(LocalPartnerSites.CAF, idToken.get().getSubject());
			assertThat(logout.at()).isBefore(committed.plusSeconds(1));
			assertThat(verified(logout.token()).getJWTClaimsSet().getStringClaim("sid"))
				.isEqualTo(idToken.get().getStringClaim("sid"));
			assertThat(caf.introspect().isActive()).isFalse();
		}
		assertThat(refused + signedOut).isEqualTo(6);
		assertThat(signedOut).as("rounds where the token was issued, then the logout sent").isGreaterThanOrEqualTo(3);
	}

	private static void await(CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The logout received for this sub at this site, waited for one second at most (from
	 * now, which is after the revocation's commit).
	 */
	private static Received awaitLogout(String clientId, String subject) {
		Awaitility.await("a logout token for the session at " + clientId)
			.atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> !logoutsFor(clientId, subject).isEmpty());
		List<Received> logouts = logoutsFor(clientId, subject);
		assertThat(logouts).hasSize(1);
		return logouts.get(0);
	}

	private static List<Received> logoutsFor(String clientId, String subject) {
		return partners.received()
			.stream()
			.filter(received -> received.clientId().equals(clientId))
			.filter(received -> subject.equals(subjectOf(received.token())))
			.toList();
	}

	private static String subjectOf(String token) {
		try {
			return SignedJWT.parse(token).getJWTClaimsSet().getSubject();
		}
		catch (Exception ex) {
			return null;
		}
	}

	/** The token, once its signature is checked against the provider's published keys. */
	private static SignedJWT verified(String token) throws Exception {
		SignedJWT jwt = SignedJWT.parse(token);
		JWKSet keys = JWKSet.load(URI.create(BASE_URL + "/oauth2/jwks").toURL());
		var key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
		assertThat(key).as("the token's kid among the published keys").isNotNull();
		assertThat(jwt.verify(new ECDSAVerifier(key.toECKey()))).isTrue();
		assertThat(jwt.getState()).isEqualTo(JWSObject.State.VERIFIED);
		return jwt;
	}

	private long journaled(String action, UUID mandate) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = ? AND mandate_id = ?")
			.params(action, mandate)
			.query(Long.class)
			.single();
	}

}
