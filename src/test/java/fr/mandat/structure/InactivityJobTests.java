package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The inactivity rules: a warning after five months, deactivation after six, once. */
@MandatIntegrationTest
class InactivityJobTests {

	private static final UUID SAINT_AUBIN = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000002");

	@Autowired
	private InactivityJob job;

	@Autowired
	private AidantManagement management;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void anAidantWithoutSignInForSixMonthsIsDeactivatedOnceWhateverTheInstances() throws Exception {
		UUID asleep = aidant(Duration.ofDays(200));
		UUID dozing = aidant(Duration.ofDays(160));
		UUID awake = aidant(Duration.ofDays(10));

		// Two instances run the job at the same moment.
		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			Callable<Integer> run = this.job::run;
			List<Future<Integer>> runs = instances.invokeAll(List.of(run, run));
			assertThat(runs.get(0).get() + runs.get(1).get()).isEqualTo(1);
		}
		finally {
			instances.shutdown();
		}

		assertThat(state(asleep)).isEqualTo("DEACTIVATED");
		assertThat(state(dozing)).isEqualTo("HABILITATED");
		assertThat(state(awake)).isEqualTo("HABILITATED");
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM journal_entry
				WHERE action = 'HABILITATION_CHANGED' AND actor_type = 'SYSTEM' AND payload::json ->> 'aidant' = ?
				""").param(asleep.toString()).query(Long.class).single()).isOne();
		assertThat(this.job.run()).isZero();

		// The responsable sees who is about to be deactivated, and when.
		List<AidantManagement.AidantRow> rows = this.management.aidantsOf(SAINT_AUBIN);
		assertThat(rows).filteredOn(a -> a.id().equals(dozing))
			.singleElement()
			.satisfies(a -> assertThat(a.deactivationDue()).isBetween(Instant.now().plus(Duration.ofDays(22)),
					Instant.now().plus(Duration.ofDays(24))));
		assertThat(rows).filteredOn(a -> a.id().equals(awake))
			.singleElement()
			.satisfies(a -> assertThat(a.deactivationDue()).isNull());
	}

	private UUID aidant(Duration since) {
		UUID id = UUID.randomUUID();
		Timestamp at = Timestamp.from(Instant.now().minus(since));
		this.jdbc.sql("""
				INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at, last_sign_in_at)
				VALUES (?, ?, 'Essai', 'Inactif', ?, 'HABILITATED', ?, ?)
				""").params(id, UUID.randomUUID().toString(), id + "@example.fr", at, at).update();
		this.jdbc.sql("INSERT INTO membership (aidant_id, structure_id, role, since) VALUES (?, ?, 'AIDANT', ?)")
			.params(id, SAINT_AUBIN, at)
			.update();
		return id;
	}

	private String state(UUID aidant) {
		return this.jdbc.sql("SELECT state FROM aidant WHERE id = ?").param(aidant).query(String.class).single();
	}

}
