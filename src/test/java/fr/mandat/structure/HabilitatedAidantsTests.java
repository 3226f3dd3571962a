package fr.mandat.structure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import fr.mandat.structure.HabilitatedAidants.HabilitatedAidant;
import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The structure module's answer to « may this aidant act for this structure now ». */
@MandatIntegrationTest
class HabilitatedAidantsTests {

	private static final UUID VILLENEUVE = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000001");

	private static final UUID SAINT_AUBIN = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000002");

	@Autowired
	private HabilitatedAidants aidants;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private DataSource dataSource;

	@Test
	void answersWithWhatAnActionNeedsOnlyForAnHabilitatedAidantOfTheStructure() {
		UUID aidant = aidant("HABILITATED", VILLENEUVE);
		HabilitatedAidant found = lock(aidant, VILLENEUVE).orElseThrow();
		String siret = this.jdbc.sql("SELECT siret FROM structure WHERE id = ?")
			.param(VILLENEUVE)
			.query(String.class)
			.single();
		assertThat(found.siret()).isEqualTo(siret).hasSize(14);
		assertThat(found.categories()).contains(DemarcheCategory.fromCode("argent").orElseThrow());

		assertThat(lock(aidant, SAINT_AUBIN)).as("not an aidant of that structure").isEmpty();
		assertThat(lock(aidant("DEACTIVATED", VILLENEUVE), VILLENEUVE)).as("deactivated").isEmpty();
		assertThat(lock(aidant("IN_TRAINING", VILLENEUVE), VILLENEUVE)).as("not yet habilitated").isEmpty();
		assertThat(lock(UUID.randomUUID(), VILLENEUVE)).as("unknown").isEmpty();
		assertThatThrownBy(() -> this.aidants.lockHabilitatedAidant(aidant, VILLENEUVE))
			.as("outside a transaction the lock would mean nothing")
			.isInstanceOf(IllegalTransactionStateException.class);
	}

	@Test
	void aRemovalFromTheStructureInProgressMakesTheCheckWaitThenRefuse() throws Exception {
		// Deleting the membership alone (without touching the aidant's row): only the
		// membership's own lock makes the check wait for it.
		UUID aidant = aidant("HABILITATED", VILLENEUVE, SAINT_AUBIN);
		try (Connection removal = this.dataSource.getConnection()) {
			removal.setAutoCommit(false);
			try (PreparedStatement delete = removal
				.prepareStatement("DELETE FROM membership WHERE aidant_id = ? AND structure_id = ?")) {
				delete.setObject(1, aidant);
				delete.setObject(2, VILLENEUVE);
				assertThat(delete.executeUpdate()).isOne();
			}
			CompletableFuture<Optional<HabilitatedAidant>> check = CompletableFuture
				.supplyAsync(() -> lock(aidant, VILLENEUVE));
			await().atMost(Duration.ofSeconds(30)).until(this::aCheckWaitsForALock);
			assertThat(check).isNotDone();
			removal.commit();
			assertThat(check.get(30, TimeUnit.SECONDS)).isEmpty();
		}
		assertThat(lock(aidant, SAINT_AUBIN)).as("still an aidant of the other structure").isPresent();
	}

	@Test
	void aDeactivationInProgressMakesTheCheckWaitThenRefuse() throws Exception {
		UUID aidant = aidant("HABILITATED", VILLENEUVE);
		try (Connection deactivation = this.dataSource.getConnection()) {
			deactivation.setAutoCommit(false);
			try (PreparedStatement update = deactivation
				.prepareStatement("UPDATE aidant SET state = 'DEACTIVATED' WHERE id = ?")) {
				update.setObject(1, aidant);
				assertThat(update.executeUpdate()).isOne();
			}
			CompletableFuture<Optional<HabilitatedAidant>> check = CompletableFuture
				.supplyAsync(() -> lock(aidant, VILLENEUVE));
			await().atMost(Duration.ofSeconds(30)).until(this::aCheckWaitsForALock);
			assertThat(check).isNotDone();
			deactivation.commit();
			assertThat(check.get(30, TimeUnit.SECONDS)).isEmpty();
		}
	}

	private Optional<HabilitatedAidant> lock(UUID aidant, UUID structure) {
		return this.transactions.execute(status -> this.aidants.lockHabilitatedAidant(aidant, structure));
	}

	/** Whether a backend runs the check's statement and waits for a row lock. */
	private boolean aCheckWaitsForALock() {
		return this.jdbc.sql("""
				SELECT count(*) FROM pg_stat_activity
				WHERE wait_event_type = 'Lock' AND query LIKE '%FOR SHARE OF a, m%'
				""").query(Long.class).single() > 0;
	}

	private UUID aidant(String state, UUID... structures) {
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.sql("""
				INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at)
				VALUES (?, ?, 'Essai', 'Verrou', ?, ?, ?)
				""").params(id, UUID.randomUUID().toString(), id + "@example.fr", state, now).update();
		for (UUID structure : structures) {
			this.jdbc.sql("INSERT INTO membership (aidant_id, structure_id, role, since) VALUES (?, ?, 'AIDANT', ?)")
				.params(id, structure, now)
				.update();
		}
		return id;
	}

}
