package fr.mandat;

import java.util.Map;
import java.util.function.Function;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs the Flyway migrations and exits, without starting the application: the entry point
 * of the deployment's migration job, which alone holds the owner role's password
 * (infra/k8s/base/migration-job.yaml). The application's pods then run with
 * {@code SPRING_FLYWAY_ENABLED=false} and the runtime role only.
 *
 * <p>
 * Reads {@code SPRING_DATASOURCE_URL}, {@code SPRING_FLYWAY_USER},
 * {@code SPRING_FLYWAY_PASSWORD} and {@code MANDAT_DB_APP_ROLE} (default
 * {@code mandat_app}), the variables the application itself reads.
 */
public final class DatabaseMigration {

	static final String DEFAULT_APP_ROLE = "mandat_app";

	private DatabaseMigration() {
	}

	public static void main(String[] args) {
		MigrateResult result = migrate(System::getenv);
		System.out.println(
				"Migrations applied: " + result.migrationsExecuted + ", schema version " + result.targetSchemaVersion);
	}

	public static MigrateResult migrate(Function<String, String> environment) {
		String url = required(environment, "SPRING_DATASOURCE_URL");
		String user = required(environment, "SPRING_FLYWAY_USER");
		String password = required(environment, "SPRING_FLYWAY_PASSWORD");
		String appRole = environment.apply("MANDAT_DB_APP_ROLE");
		return Flyway.configure()
			.dataSource(url, user, password)
			.locations("classpath:db/migration")
			.placeholders(Map.of("app_role", (appRole == null || appRole.isBlank()) ? DEFAULT_APP_ROLE : appRole))
			.load()
			.migrate();
	}

	private static String required(Function<String, String> environment, String name) {
		String value = environment.apply(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " is required");
		}
		return value;
	}

}
