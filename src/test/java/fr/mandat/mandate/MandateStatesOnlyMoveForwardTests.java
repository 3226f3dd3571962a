package fr.mandat.mandate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.OwnerDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A revoked mandate or autorisation stays revoked and a mandate's end never moves later,
 * whoever writes the rows: the runtime role (only the revocation columns are writable,
 * and the trigger guards them) or the owner while the trigger is enabled. What revocation
 * and renewal write is still accepted.
 */
@MandatIntegrationTest
class MandateStatesOnlyMoveForwardTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Environment environment;

	@Autowired
	private MandateCreation mandates;

	@Autowired
	private MandateRevocation revocation;

	@Autowired
	private Clock clock;

	private MandateFixtures fixtures;

	@BeforeEach
	void fixtures() {
		this.fixtures = new MandateFixtures(this.context);
	}

	@Test
	void partialThenWholeRevocationIsAccepted() {
		UUID id = this.fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent", "social"), 31);
		MandateTestData.Counter camille = new MandateTestData(this.mandates, this.clock,
				this.context.getBean(fr.mandat.structure.StaffDirectory.class))
			.counter(DemoAccount.CAMILLE, VILLENEUVE);

		this.revocation.revoke(id, List.of("argent"), camille.member(), camille.structure(), MandateTestData.BASE);
		assertThat(revokedAutorisations(id)).isEqualTo(1);
		assertThat(mandateRevoked(id)).isFalse();
		this.fixtures.revoke(id, DemoAccount.CAMILLE, VILLENEUVE);

		assertThat(revokedAutorisations(id)).isEqualTo(2);
		assertThat(mandateRevoked(id)).isTrue();
	}

	@Test
	void theRuntimeRoleCannotReviveOrExtendAMandate() {
		UUID id = revokedMandate();

		for (String change : List.of("UPDATE mandate SET revoked_at = NULL WHERE id = :id",
				"UPDATE mandate SET revoked_at = revoked_at + interval '1 day' WHERE id = :id",
				"UPDATE mandate SET revoked_by = NULL WHERE id = :id",
				"UPDATE autorisation SET revoked_at = NULL WHERE mandate_id = :id",
				"UPDATE autorisation SET replaced_by_mandate_id = :id WHERE mandate_id = :id")) {
			assertThatExceptionOfType(DataAccessException.class).as(change)
				.isThrownBy(() -> this.jdbc.sql(change).param("id", id).update())
				.havingRootCause()
				.withMessageContaining("révocation est définitive");
		}
		for (String change : List.of("UPDATE mandate SET not_after = not_after + interval '1 day' WHERE id = :id",
				"UPDATE mandate SET jws = 'x' WHERE id = :id",
				"DELETE FROM mandate_revocation WHERE mandate_id = :id")) {
			assertThatExceptionOfType(DataAccessException.class).as(change)
				.isThrownBy(() -> this.jdbc.sql(change).param("id", id).update())
				.havingRootCause()
				.withMessageContaining("permission denied");
		}
		assertThat(mandateRevoked(id)).isTrue();
	}

	@Test
	void theOwnerIsStoppedByTheTriggerButMayBringTheEndSooner() throws SQLException {
		UUID id = revokedMandate();
		try (Connection owner = OwnerDatabase.connect(this.environment);
				Statement statement = owner.createStatement()) {
			for (String change : List.of("UPDATE mandate SET revoked_at = NULL WHERE id = '" + id + "'",
					"UPDATE autorisation SET revoked_at = NULL WHERE mandate_id = '" + id + "'")) {
				assertThatExceptionOfType(SQLException.class).as(change)
					.isThrownBy(() -> statement.execute(change))
					.withMessageContaining("révocation est définitive");
			}
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement
					.execute("UPDATE mandate SET not_after = not_after + interval '1 day' WHERE id = '" + id + "'"))
				.withMessageContaining("ne peut qu'avancer");
			owner.setAutoCommit(false);
			assertThat(statement
				.executeUpdate("UPDATE mandate SET not_after = not_after - interval '1 hour' WHERE id = '" + id + "'"))
				.isEqualTo(1);
			owner.rollback();
		}
		assertThat(mandateRevoked(id)).isTrue();
	}

	private UUID revokedMandate() {
		UUID id = this.fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"), 31);
		this.fixtures.revoke(id, DemoAccount.CAMILLE, VILLENEUVE);
		return id;
	}

	private boolean mandateRevoked(UUID id) {
		return this.jdbc.sql("SELECT revoked_at IS NOT NULL FROM mandate WHERE id = :id")
			.param("id", id)
			.query(Boolean.class)
			.single();
	}

	private long revokedAutorisations(UUID id) {
		return this.jdbc.sql("SELECT count(*) FROM autorisation WHERE mandate_id = :id AND revoked_at IS NOT NULL")
			.param("id", id)
			.query(Long.class)
			.single();
	}

}
