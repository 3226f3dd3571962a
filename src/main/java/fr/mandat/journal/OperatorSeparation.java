package fr.mandat.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start, outside the local profile, when the runtime database role could
 * rewrite the journal behind its triggers: when it owns a journal table (or belongs to
 * the role that does), is a superuser, may turn triggers off for its session, or is the
 * very role that runs the migrations (when this process runs them: with
 * {@code spring.flyway.enabled=false} a separate job does, see
 * {@code DatabaseMigration}). Runs once every bean is ready, so after Flyway.
 */
@Component
class OperatorSeparation implements SmartInitializingSingleton {

	/**
	 * The profile of the local stack and of test runs, where one role may do everything.
	 */
	static final String LOCAL_PROFILE = "local";

	static final List<String> JOURNAL_TABLES = List.of("journal_entry", "journal_pending", "journal_leaf",
			"journal_node", "journal_checkpoint", "journal_cosignature", "journal_witnessed", "journal_witness");

	private static final Logger log = LoggerFactory.getLogger(OperatorSeparation.class);

	private final JdbcClient jdbc;

	private final Environment environment;

	OperatorSeparation(JdbcClient jdbc, Environment environment) {
		this.jdbc = jdbc;
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE))) {
			return;
		}
		List<String> problems = violations();
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Refusing to start: the runtime database role could rewrite the journal ("
					+ String.join("; ", problems) + "). Run the migrations as a separate owner role "
					+ "(SPRING_FLYWAY_USER) and give the runtime role row privileges only.");
		}
		log.info("Database roles separated: the runtime role cannot alter the journal's tables or triggers");
	}

	/** What lets the runtime role (the datasource's) get round the journal's triggers. */
	List<String> violations() {
		List<String> problems = new ArrayList<>();
		String runtime = this.jdbc.sql("SELECT current_user").query(String.class).single();
		String migration = this.environment.getProperty("spring.flyway.user");
		// With spring.flyway.enabled=false the migrations run elsewhere (the deployment's
		// migration job, as the owner role) and this process holds no owner credentials;
		// the ownership checks below still refuse a runtime role that owns the journal.
		boolean migratesItself = this.environment.getProperty("spring.flyway.enabled", Boolean.class, true);
		if (migratesItself) {
			if (migration == null || migration.isBlank()) {
				problems.add("no separate migration role is configured (spring.flyway.user), so the runtime role "
						+ runtime + " runs the migrations and owns the tables");
			}
			else if (migration.toLowerCase(Locale.ROOT).equals(runtime.toLowerCase(Locale.ROOT))) {
				problems.add("the runtime role " + runtime + " is also the migration role");
			}
		}
		if (this.jdbc.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").query(Boolean.class).single()) {
			problems.add("the runtime role " + runtime + " is a superuser");
		}
		List<String> owned = this.jdbc.sql("""
				SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = current_schema() AND c.relname = ANY(:tables)
				  AND pg_has_role(current_user, c.relowner, 'USAGE')
				ORDER BY c.relname
				""").param("tables", JOURNAL_TABLES.toArray(String[]::new)).query(String.class).list();
		if (!owned.isEmpty()) {
			problems.add("the runtime role " + runtime + " owns (or acts as the owner of) " + String.join(", ", owned)
					+ " and could disable their triggers");
		}
		if (canSetReplicationRole()) {
			problems.add(
					"the runtime role " + runtime + " may set session_replication_role, which turns every trigger off");
		}
		return problems;
	}

	private boolean canSetReplicationRole() {
		Integer version = this.jdbc.sql("SELECT current_setting('server_version_num')::int")
			.query(Integer.class)
			.single();
		if (version < 150000) {
			// Before PostgreSQL 15, only superusers may set it (checked above).
			return false;
		}
		return this.jdbc.sql("SELECT has_parameter_privilege(current_user, 'session_replication_role', 'SET')")
			.query(Boolean.class)
			.single();
	}

}
