package fr.mandat.web;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures mean « the database is out of reach » (503) rather than a bug (500). */
class DatabaseUnavailableTests {

	@Test
	void aConnectionFailureAnywhereInTheCausesIsAnOutage() {
		assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("wrapped",
				new DataAccessResourceFailureException("An I/O error occurred while sending to the backend."))))
			.isTrue();
		assertThat(DatabaseUnavailable.causedBy(new SQLException("refused", "08001"))).isTrue();
	}

	@Test
	void aRollbackThatFailsOnTheConnectionThePoolClosedIsAnOutage() {
		// What a request got when the network to PostgreSQL was cut under its transaction
		// (ClusterFaultTests): the pool's closed connection says so without a SQLSTATE.
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		assertThat(DatabaseUnavailable.causedBy(rollback)).isTrue();

		TransactionSystemException overriding = new TransactionSystemException("Could not roll back");
		overriding.initApplicationException(new DataAccessResourceFailureException("I/O error"));
		assertThat(DatabaseUnavailable.causedBy(overriding)).isTrue();
	}

	@Test
	void otherFailuresAreNot() {
		assertThat(DatabaseUnavailable.causedBy(new DataIntegrityViolationException("duplicate key"))).isFalse();
		assertThat(DatabaseUnavailable.causedBy(new SQLException("syntax error", "42601"))).isFalse();
		assertThat(DatabaseUnavailable.causedBy(new TransactionSystemException("no transaction in progress")))
			.isFalse();
		assertThat(DatabaseUnavailable.causedBy(null)).isFalse();
	}

}
