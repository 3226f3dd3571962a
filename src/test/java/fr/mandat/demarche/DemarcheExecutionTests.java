package fr.mandat.demarche;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jwt.JWTClaimsSet;
import fr.mandat.demarche.DemarcheExecutions.Result;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.PartnerSimulator;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.TestClock;
import fr.mandat.support.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Démarches carried out through the application's own service, against the partner
 * simulators over real HTTP, with the real database and journal.
 */
@MandatIntegrationTest
class DemarcheExecutionTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	private static final UUID VILLENEUVE_ID = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000001");

	private static final UUID CAMILLE = UUID.fromString("7d2f9a10-0000-4000-8000-000000000001");

	@Autowired
	private DemarcheExecutions executions;

	@Autowired
	private DemarcheCatalogue catalogue;

	@Autowired
	private DelegationTokens tokens;

	@Autowired
	private Reconciliation reconciliation;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ApplicationContext context;

	@RegisterExtension
	static final UnfinishedExecutions unfinished = new UnfinishedExecutions();

	@AfterEach
	void resetClock() {
		TestClock.reset();
	}

	@Test
	void anAcceptedDemarcheIsJournaledAndThePartnerCanProveWhoActedForWhom() {
		UUID mandate = fixtures().create(DemoAccount.CAMILLE, VILLENEUVE, List.of("social"), 31);
		Result result = execute(mandate, "declaration-trimestrielle-ressources", allocations("1234567"));

		Result.Done done = (Result.Done) result;
		assertThat(done.status()).isEqualTo(ExecutionStatus.ACCEPTED);
		assertThat(done.reference()).startsWith("AF-");
		assertThat(journal("DEMARCHE_REQUESTED", done.executionId())).isOne();
		assertThat(journal("DEMARCHE_COMPLETED", done.executionId())).isOne();
		PartnerSimulator partner = partner("allocations-familiales");
		assertThat(partner.submissions(done.executionId())).isOne();
		JWTClaimsSet claims = partner.lastVerifiedClaims().orElseThrow();
		String pseudonym = this.jdbc
			.sql("SELECT u.pseudonym FROM mandate m JOIN usager u ON u.id = m.usager_id WHERE m.id = ?")
			.param(mandate)
			.query(String.class)
			.single();
		assertThat(claims.getSubject()).isEqualTo(this.tokens.pairwiseSubject("allocations-familiales", pseudonym))
			.isNotEqualTo(pseudonym);
		assertThat(claims.getAudience()).containsExactly("urn:mandat:partenaire:allocations-familiales");
		assertThat(claims.getClaim("act")).asString().contains(CAMILLE.toString());
		assertThat(claims.getClaim("mandat")).hasToString(mandate.toString());
		assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isLessThanOrEqualTo(60_000);
	}

	@Test
	void everyRefusalIsExplainedAndJournaled() {
		MandateFixtures fixtures = fixtures();
		UUID argentOnly = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"), 31);
		assertRefused(execute(argentOnly, "declaration-trimestrielle-ressources", allocations("1234567")),
				"category-not-covered", "ne couvre pas");
		assertRefused(execute(UUID.randomUUID(), "copie-avis-imposition", impots("1234567890123")), "no-mandate",
				"Aucun mandat");
		UUID saintAubin = fixtures.create(DemoAccount.LUCAS, "Mairie de Saint-Aubin", List.of("argent"), 31);
		assertRefused(execute(saintAubin, "copie-avis-imposition", impots("1234567890123")),
				"mandate-of-another-structure", "autre structure");
		UUID revoked = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"), 31);
		fixtures.revoke(revoked, DemoAccount.CAMILLE, VILLENEUVE);
		assertRefused(execute(revoked, "copie-avis-imposition", impots("1234567890123")), "mandate-revoked", "révoqué");
		UUID oneDay = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"), 1);
		TestClock.shift(Duration.ofDays(2));
		assertRefused(execute(oneDay, "copie-avis-imposition", impots("1234567890123")), "mandate-expired", "expiré");
		TestClock.reset();

		// A deactivated aidant, even with a live session, is refused at the very moment.
		UUID active = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"), 31);
		UUID former = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at)
				VALUES (?, ?, 'Ancien', 'Aidant', ?, 'DEACTIVATED', now())
				""").params(former, UUID.randomUUID().toString(), former + "@example.fr").update();
		this.jdbc.sql("INSERT INTO membership (aidant_id, structure_id, role, since) VALUES (?, ?, 'AIDANT', now())")
			.params(former, VILLENEUVE_ID)
			.update();
		Result refused = this.executions.execute(UUID.randomUUID(), former, VILLENEUVE_ID, active,
				demarche("copie-avis-imposition"), impots("1234567890123"), false);
		assertRefused(refused, "aidant-not-habilitated", "n'est plus active");

		long before = count("SELECT count(*) FROM demarche_execution");
		Result invalid = execute(active, "copie-avis-imposition", Map.of("numeroFiscal", "12", "annee", "deux"));
		assertThat(invalid).isInstanceOfSatisfying(Result.Invalid.class, i -> {
			assertThat(i.errors().get("numeroFiscal")).contains("13 chiffres");
			assertThat(i.errors().get("annee")).isNotBlank();
		});
		assertThat(count("SELECT count(*) FROM demarche_execution")).isEqualTo(before);
		assertThat(count(
				"SELECT count(*) FROM journal_entry WHERE action = 'DEMARCHE_REFUSED' AND payload::json ->> 'mandate' = '"
						+ active + "' AND payload::json ->> 'reason' = 'invalid-input'"))
			.isOne();
		// Only the partner's own refusal reaches the partner.
		Result partnerRefusal = execute(active, "copie-avis-imposition", impots("0000000000000"));
		assertThat(((Result.Done) partnerRefusal).status()).isEqualTo(ExecutionStatus.REFUSED);
	}

	@Test
	void partnerFaultsLeaveAnUnknownOutcomeThatIsReconciledWithoutASecondSubmission() throws InterruptedException {
		UUID mandate = fixtures().create(DemoAccount.CAMILLE, VILLENEUVE, List.of("transports", "social"), 31);
		// No answer in time from a partner that is not retried (non-idempotent démarche).
		Result.Done timedOut = (Result.Done) execute(mandate, "changement-adresse-certificat", vehicle("XX-408-XX"));
		assertThat(timedOut.status()).isEqualTo(ExecutionStatus.UNKNOWN);
		assertThat(timedOut.message()).contains("ne la refaites pas");
		assertThat(journal("DEMARCHE_OUTCOME_UNKNOWN", timedOut.executionId())).isOne();
		PartnerSimulator vehicles = partner("immatriculation");
		assertThat(vehicles.requests(timedOut.executionId())).isOne();

		// Server error, connection reset, unreadable answer: one attempt each.
		List<ExecutionStatus> statuses = new ArrayList<>();
		for (String plate : List.of("XX-500-XX", "XX-104-XX", "XX-999-XX")) {
			statuses.add(((Result.Done) execute(mandate, "changement-adresse-certificat", vehicle(plate))).status());
		}
		assertThat(statuses).containsOnly(ExecutionStatus.UNKNOWN);

		// A retried (idempotent) démarche: three attempts, one submission at the partner.
		Result.Done serverError = (Result.Done) execute(mandate, "declaration-trimestrielle-ressources",
				allocations("9999500"));
		assertThat(serverError.status()).isEqualTo(ExecutionStatus.UNKNOWN);
		PartnerSimulator allocations = partner("allocations-familiales");
		assertThat(allocations.requests(serverError.executionId())).isEqualTo(3);
		// The simulated partner fails before processing: never more than one submission.
		assertThat(allocations.submissions(serverError.executionId())).isLessThanOrEqualTo(1);

		// The reconciliation job asks again with the same key: the stored answer comes
		// back.
		this.jdbc.sql("UPDATE demarche_execution SET next_reconcile_at = ? WHERE id = ?")
			.params(Timestamp.from(Instant.now().minusSeconds(1)), timedOut.executionId())
			.update();
		// (The scheduled job may claim it first: either way it ends accepted.)
		Waits.upTo(Duration.ofSeconds(30), "the timed-out execution accepted").until(() -> {
			this.reconciliation.reconcileDue();
			return status(timedOut.executionId()).equals("ACCEPTED");
		});
		assertThat(vehicles.requests(timedOut.executionId())).isEqualTo(2);
		assertThat(vehicles.submissions(timedOut.executionId())).isOne();
		assertThat(journal("DEMARCHE_COMPLETED", timedOut.executionId())).isOne();

		// Four failures out of five calls: the partner's circuit is open, nothing is
		// sent.
		Result.Done shortCircuited = (Result.Done) execute(mandate, "changement-adresse-certificat",
				vehicle("AB-123-CD"));
		assertThat(shortCircuited.status()).isEqualTo(ExecutionStatus.NOT_SENT);
		assertThat(shortCircuited.message()).contains("momentanément indisponible");
		assertThat(vehicles.requests(shortCircuited.executionId())).isZero();
		assertThat(journal("DEMARCHE_FAILED", shortCircuited.executionId())).isOne();
	}

	private static Map<String, String> vehicle(String plate) {
		return Map.of("numeroImmatriculation", plate, "adresse", "3 rue des Lilas", "codePostal", "49100", "commune",
				"Angers");
	}

	@Test
	void noExecutionCommitsAfterARevocation() throws Exception {
		MandateFixtures fixtures = fixtures();
		UUID mandate = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"), 31);
		assertNothingCommitsAfter(mandate, () -> fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE),
				"mandate-revoked", "révoqué");
	}

	@Test
	void noExecutionCommitsAfterARevocationOfItsCategoryOnly() throws Exception {
		// The mandate stays active (« social » is still covered): only the autorisation
		// changes, and the check must see it in its committed state once the revocation
		// that held the mandate's lock commits.
		MandateFixtures fixtures = fixtures();
		UUID mandate = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent", "social"), 31);
		assertNothingCommitsAfter(mandate,
				() -> fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE, List.of("argent")),
				"category-not-covered", "ne couvre pas");
	}

	/**
	 * 200 démarches race a revocation made once half of them have started: only those
	 * that began before it returned may pass, every other one is refused with the given
	 * reason, and exactly the passed ones are stored.
	 */
	private void assertNothingCommitsAfter(UUID mandate, Runnable revocation, String reason, String words)
			throws Exception {
		int total = 200;
		CountDownLatch halfway = new CountDownLatch(total / 2);
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Future<Attempt>> attempts = new ArrayList<>();
		try {
			for (int i = 0; i < total; i++) {
				attempts.add(pool.submit(() -> {
					long started = System.nanoTime();
					halfway.countDown();
					return new Attempt(started, execute(mandate, "copie-avis-imposition", impots("1234567890123")));
				}));
			}
			halfway.await();
			revocation.run();
			long revokedAt = System.nanoTime();
			int done = 0;
			for (Future<Attempt> future : attempts) {
				Attempt attempt = future.get();
				if (attempt.result() instanceof Result.Done) {
					done++;
					assertThat(attempt.started()).isLessThan(revokedAt);
				}
				else {
					assertRefused(attempt.result(), reason, words);
				}
			}
			assertThat(done).isBetween(1, total - 1);
			assertThat(count("SELECT count(*) FROM demarche_execution WHERE mandate_id = '" + mandate + "'"))
				.isEqualTo(done);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private record Attempt(long started, Result result) {
	}

	private Result execute(UUID mandate, String demarche, Map<String, String> values) {
		return this.executions.execute(UUID.randomUUID(), CAMILLE, VILLENEUVE_ID, mandate, demarche(demarche), values,
				false);
	}

	private Demarche demarche(String id) {
		return this.catalogue.demarche(id).orElseThrow();
	}

	private void assertRefused(Result result, String reason, String message) {
		assertThat(result).isInstanceOfSatisfying(Result.Refused.class, refused -> {
			assertThat(refused.reason()).isEqualTo(reason);
			assertThat(refused.message()).contains(message);
		});
		assertThat(count(
				"SELECT count(*) FROM journal_entry WHERE action = 'DEMARCHE_REFUSED' AND payload::json ->> 'reason' = '"
						+ reason + "'"))
			.isPositive();
	}

	private static Map<String, String> allocations(String number) {
		return Map.of("numeroAllocataire", number, "trimestre", "2026-T2", "salaires", "1200", "autresRessources", "0");
	}

	private static Map<String, String> impots(String number) {
		return Map.of("numeroFiscal", number, "annee", "2025");
	}

	private MandateFixtures fixtures() {
		return new MandateFixtures(this.context);
	}

	private PartnerSimulator partner(String id) {
		return LocalInfrastructure.get().partners().get(id).orElseThrow();
	}

	private String status(UUID execution) {
		return this.jdbc.sql("SELECT status FROM demarche_execution WHERE id = ?")
			.param(execution)
			.query(String.class)
			.single();
	}

	private long journal(String action, UUID execution) {
		return count("SELECT count(*) FROM journal_entry WHERE action = '" + action
				+ "' AND payload::json ->> 'execution' = '" + execution + "'");
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

}
