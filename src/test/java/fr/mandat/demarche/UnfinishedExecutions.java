package fr.mandat.demarche;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The executions a test left with an unknown outcome on purpose (a partner failing, a
 * connection reset), parked as the reconciliation parks them after its last attempt, so
 * that its job stops asking the failing partner about them for the rest of the run: each
 * failed question counts in that partner's circuit, which opened again minutes later
 * under another class's démarche ({@code ExpiredSessionEndToEndTests} failed so). The
 * classes that share the application run one at a time (ADR 0122): every unfinished
 * execution that appeared since {@link #now()} is the running test's.
 */
final class UnfinishedExecutions {

	private final JdbcClient jdbc;

	UnfinishedExecutions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The unfinished executions now. */
	List<UUID> now() {
		return this.jdbc.sql("SELECT id FROM demarche_execution WHERE status IN ('REQUESTED', 'UNKNOWN')")
			.query(UUID.class)
			.list();
	}

	/** Parks the unfinished executions that were not among {@code before}. */
	int parkAllBut(List<UUID> before) {
		return this.jdbc.sql("""
				UPDATE demarche_execution SET reconcile_attempts = ?
				WHERE status IN ('REQUESTED', 'UNKNOWN') AND NOT (id = ANY (?))
				""").params(Reconciliation.MAX_ATTEMPTS, before.toArray(UUID[]::new)).update();
	}

}
