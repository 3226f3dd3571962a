package fr.mandat.demarche;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.PartnerSimulator;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Executions interrupted before their delivery (the instance crashed between the
 * request's commit and the call to the partner), settled later by the reconciliation job:
 * it asks the partner first, and delivers only what the partner never received, only to
 * an idempotent démarche, and only if Mandat's checks pass at that moment.
 */
@MandatIntegrationTest
class ReconciliationTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	private static final UUID VILLENEUVE_ID = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000001");

	private static final UUID CAMILLE = UUID.fromString("7d2f9a10-0000-4000-8000-000000000001");

	@Autowired
	private Reconciliation reconciliation;

	@Autowired
	private DemarcheCatalogue catalogue;

	@Autowired
	private DemarcheInputBinder binder;

	@Autowired
	private PersonalDataProtection personalData;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private PartnerClient partners;

	@BeforeEach
	void closeCircuits() {
		// Other tests and the scheduled job share the partners' circuit breakers.
		this.partners.resetCircuitBreakers();
	}

	@Test
	void anUndeliveredIdempotentDemarcheIsDeliveredOnceWhenTheMandateStillAllowsIt() {
		UUID mandate = fixtures().create(DemoAccount.CAMILLE, VILLENEUVE, List.of("social"), 31);
		UUID execution = interruptedBeforeDelivery(mandate, "declaration-trimestrielle-ressources", Map
			.of("numeroAllocataire", "7654321", "trimestre", "2026-T2", "salaires", "900", "autresRessources", "0"));

		reconcile(execution);

		assertThat(status(execution)).isEqualTo("ACCEPTED");
		PartnerSimulator partner = partner("allocations-familiales");
		// One status lookup, then one delivery.
		assertThat(partner.requests(execution)).isEqualTo(2);
		assertThat(partner.submissions(execution)).isOne();
		assertThat(journal("DEMARCHE_COMPLETED", execution)).isOne();
	}

	@Test
	void nothingReachesThePartnerAfterARevocationAndTheExecutionIsClosedAsDenied() {
		MandateFixtures fixtures = fixtures();
		UUID mandate = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("social"), 31);
		UUID execution = interruptedBeforeDelivery(mandate, "declaration-trimestrielle-ressources", Map
			.of("numeroAllocataire", "7654322", "trimestre", "2026-T2", "salaires", "900", "autresRessources", "0"));
		fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE);

		reconcile(execution);

		assertThat(status(execution)).isEqualTo("DENIED");
		PartnerSimulator partner = partner("allocations-familiales");
		assertThat(partner.requests(execution)).as("only the status lookup").isOne();
		assertThat(partner.submissions(execution)).isZero();
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM journal_entry WHERE action = 'DEMARCHE_REFUSED'
				  AND payload::json ->> 'execution' = ? AND payload::json ->> 'reason' = 'mandate-revoked'
				""").param(execution.toString()).query(Long.class).single()).isOne();
		assertThat(this.jdbc.sql("SELECT message FROM demarche_execution WHERE id = ?")
			.param(execution)
			.query(String.class)
			.single()).contains("révoqué");
		// Settled: never claimed again.
		reconcile(execution);
		assertThat(partner.requests(execution)).isOne();
	}

	@Test
	void aDeactivatedAidantsExecutionIsNotDelivered() {
		UUID mandate = fixtures().create(DemoAccount.CAMILLE, VILLENEUVE, List.of("social"), 31);
		UUID former = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at)
				VALUES (?, ?, 'Ancienne', 'Aidante', ?, 'HABILITATED', now())
				""").params(former, UUID.randomUUID().toString(), former + "@example.fr").update();
		this.jdbc.sql("INSERT INTO membership (aidant_id, structure_id, role, since) VALUES (?, ?, 'AIDANT', now())")
			.params(former, VILLENEUVE_ID)
			.update();
		UUID execution = interruptedBeforeDelivery(former, mandate, "declaration-trimestrielle-ressources", Map
			.of("numeroAllocataire", "7654323", "trimestre", "2026-T2", "salaires", "900", "autresRessources", "0"));
		this.jdbc.sql("UPDATE aidant SET state = 'DEACTIVATED' WHERE id = ?").param(former).update();

		reconcile(execution);

		assertThat(status(execution)).isEqualTo("DENIED");
		assertThat(partner("allocations-familiales").submissions(execution)).isZero();
	}

	@Test
	void aDemarcheThatMustNotBeSentTwiceIsOnlyAskedAboutNeverSubmitted() {
		UUID mandate = fixtures().create(DemoAccount.CAMILLE, VILLENEUVE, List.of("transports"), 31);
		UUID execution = interruptedBeforeDelivery(mandate, "changement-adresse-certificat",
				Map.of("numeroImmatriculation", "GH-456-JK", "adresse", "3 rue des Lilas", "codePostal", "49100",
						"commune", "Angers"));

		reconcile(execution);

		assertThat(status(execution)).isEqualTo("NOT_SENT");
		PartnerSimulator partner = partner("immatriculation");
		assertThat(partner.requests(execution)).isOne();
		assertThat(partner.submissions(execution)).isZero();
		assertThat(this.jdbc.sql("SELECT message FROM demarche_execution WHERE id = ?")
			.param(execution)
			.query(String.class)
			.single()).contains("jamais reçu");
	}

	private UUID interruptedBeforeDelivery(UUID mandate, String demarcheId, Map<String, String> values) {
		return interruptedBeforeDelivery(CAMILLE, mandate, demarcheId, values);
	}

	/**
	 * What a crash right after the request's transaction leaves: the execution row,
	 * REQUESTED, which the partner never received; due for reconciliation only when the
	 * test says so (the scheduled job runs too).
	 */
	private UUID interruptedBeforeDelivery(UUID aidant, UUID mandate, String demarcheId, Map<String, String> values) {
		Demarche demarche = this.catalogue.demarche(demarcheId).orElseThrow();
		Record input = ((InputBinding.Valid) this.binder.bind(demarche, values)).input();
		UUID id = UUID.randomUUID();
		byte[] sealed = this.personalData.encrypt(JsonMapper.builder().build().writeValueAsBytes(input),
				id.toString().getBytes(StandardCharsets.UTF_8));
		this.jdbc.sql("""
				INSERT INTO demarche_execution (id, demarche, partner, mandate_id, usager_id, aidant_id, structure_id,
				  input, status, requested_at, next_reconcile_at, usager_pseudonym, structure_siret)
				SELECT ?, ?, ?, m.id, m.usager_id, ?, m.structure_id, ?, 'REQUESTED', ?, ?, u.pseudonym,
				  COALESCE(s.siret, '')
				FROM mandate m JOIN usager u ON u.id = m.usager_id JOIN structure s ON s.id = m.structure_id
				WHERE m.id = ?
				""")
			.params(id, demarche.id(), demarche.partnerId(), aidant, sealed,
					Timestamp.from(Instant.now().minusSeconds(300)), Timestamp.from(Instant.now().plusSeconds(3600)),
					mandate)
			.update();
		return id;
	}

	/**
	 * Runs the job until this execution is settled (the scheduled run may take it first).
	 */
	private void reconcile(UUID execution) {
		this.jdbc.sql("UPDATE demarche_execution SET next_reconcile_at = ? WHERE id = ? AND status = 'REQUESTED'")
			.params(Timestamp.from(Instant.now().minusSeconds(1)), execution)
			.update();
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
			this.reconciliation.reconcileDue();
			return !List.of("REQUESTED", "UNKNOWN").contains(status(execution));
		});
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
		return this.jdbc
			.sql("SELECT count(*) FROM journal_entry WHERE action = ? AND payload::json ->> 'execution' = ?")
			.params(action, execution.toString())
			.query(Long.class)
			.single();
	}

}
