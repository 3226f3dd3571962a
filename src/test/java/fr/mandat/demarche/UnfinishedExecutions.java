package fr.mandat.demarche;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * For the test classes that leave executions with an unknown outcome on purpose (a
 * partner failing, a connection reset):
 * {@code @RegisterExtension static final UnfinishedExecutions unfinished = new UnfinishedExecutions();}.
 * After each test, the executions it left unfinished are parked as the reconciliation
 * parks them after its last attempt, so that its job stops asking the failing partner
 * about them for the rest of the run: each failed question counts in that partner's
 * circuit, which opened again minutes later under another class's démarche
 * ({@code ExpiredSessionEndToEndTests} failed so). The partners' circuits are closed
 * before and after each test. The classes that share the application run one at a time
 * (ADR 0122): every unfinished execution that appeared during a test is that test's.
 */
final class UnfinishedExecutions implements BeforeEachCallback, AfterEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(UnfinishedExecutions.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		ApplicationContext application = SpringExtension.getApplicationContext(context);
		// Other tests and the scheduled job share the partners' circuit breakers.
		application.getBean(PartnerClient.class).resetCircuitBreakers();
		context.getStore(NAMESPACE).put("before", unfinished(application.getBean(JdbcClient.class)));
	}

	@Override
	public void afterEach(ExtensionContext context) {
		ApplicationContext application = SpringExtension.getApplicationContext(context);
		List<?> before = context.getStore(NAMESPACE).get("before", List.class);
		application.getBean(JdbcClient.class)
			.sql("""
					UPDATE demarche_execution SET reconcile_attempts = ?
					WHERE status IN ('REQUESTED', 'UNKNOWN') AND NOT (id = ANY (?))
					""")
			.params(Reconciliation.MAX_ATTEMPTS, (before == null) ? new UUID[0] : before.toArray(UUID[]::new))
			.update();
		application.getBean(PartnerClient.class).resetCircuitBreakers();
	}

	private static List<UUID> unfinished(JdbcClient jdbc) {
		return jdbc.sql("SELECT id FROM demarche_execution WHERE status IN ('REQUESTED', 'UNKNOWN')")
			.query(UUID.class)
			.list();
	}

}
