package fr.mandat.journal;

import java.util.Map;

import fr.mandat.DatabaseMigration;
import fr.mandat.MandatApplication;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.support.MandatIntegrationTest;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outside the local profile, the application refuses to start when its runtime role could
 * get round the journal's triggers.
 */
@MandatIntegrationTest
class OperatorSeparationTests {

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Environment environment;

	@Test
	void startupIsRefusedWhenTheRuntimeRoleOwnsTheJournal() {
		LocalInfrastructure infrastructure = LocalInfrastructure.get();
		infrastructure.createDatabase("mandat_owning");
		try {
			Map<String, Object> properties = infrastructure.applicationProperties("mandat_owning");
			// One role for everything: it runs the migrations, so it owns the tables.
			properties.put("spring.datasource.username", LocalInfrastructure.ownerRole());
			properties.put("spring.datasource.password", LocalInfrastructure.ownerRole());
			properties.remove("spring.flyway.user");
			properties.remove("spring.flyway.password");
			// Outside the profile 'local' the start-up also refuses a staff realm that
			// still has the password-grant client; the usagers realm has none, so only
			// the roles are left to refuse (web/config/LocalOnlyClients).
			properties.put("mandat.identity.staff-issuer", properties.get("mandat.usager-identity.issuer").toString());

			assertThatThrownBy(
					() -> new SpringApplicationBuilder(MandatApplication.class).properties(properties).run().close())
				.hasStackTraceContaining("Refusing to start")
				.hasStackTraceContaining("no separate migration role")
				.hasStackTraceContaining("owns (or acts as the owner of) journal_checkpoint");
		}
		finally {
			infrastructure.dropDatabase("mandat_owning");
		}
	}

	@Test
	void aDatabaseMigratedByTheMigrationJobPassesWithTheRuntimeRoleAlone() {
		LocalInfrastructure infrastructure = LocalInfrastructure.get();
		infrastructure.createDatabase("mandat_job");
		try {
			String url = infrastructure.applicationProperties("mandat_job").get("spring.datasource.url").toString();
			Map<String, String> job = Map.of("SPRING_DATASOURCE_URL", url, "SPRING_FLYWAY_USER",
					LocalInfrastructure.ownerRole(), "SPRING_FLYWAY_PASSWORD", LocalInfrastructure.ownerRole(),
					"MANDAT_DB_APP_ROLE", LocalInfrastructure.runtimeRole());

			MigrateResult first = DatabaseMigration.migrate(job::get);
			MigrateResult again = DatabaseMigration.migrate(job::get);

			assertThat(first.migrationsExecuted).isPositive();
			assertThat(again.migrationsExecuted).isZero();
			JdbcClient runtime = JdbcClient.create(new DriverManagerDataSource(url, LocalInfrastructure.runtimeRole(),
					LocalInfrastructure.runtimeRole()));
			MockEnvironment withoutFlyway = new MockEnvironment().withProperty("spring.flyway.enabled", "false");
			assertThat(new OperatorSeparation(runtime, withoutFlyway).violations()).isEmpty();
			// The same pods, had they been left to migrate without an owner role, are
			// refused.
			assertThat(new OperatorSeparation(runtime, new MockEnvironment()).violations())
				.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
				.contains("no separate migration role");
			assertThatThrownBy(() -> DatabaseMigration.migrate(Map.of("SPRING_DATASOURCE_URL", url)::get))
				.hasMessage("SPRING_FLYWAY_USER is required");
		}
		finally {
			infrastructure.dropDatabase("mandat_job");
		}
	}

	@Test
	void theRolesOfTheTestDatabaseAreSeparated() {
		assertThat(this.environment.getActiveProfiles()).contains(OperatorSeparation.LOCAL_PROFILE);
		assertThat(new OperatorSeparation(this.jdbc, this.environment).violations()).isEmpty();
	}

}
