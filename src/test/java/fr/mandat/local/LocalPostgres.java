package fr.mandat.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries from Maven Central) with the roles production uses:
 * an owner that runs migrations and a runtime role with row privileges only.
 */
final class LocalPostgres implements AutoCloseable {

	static final String OWNER = "mandat_owner";

	static final String APP = "mandat_app";

	static final String KEYCLOAK = "keycloak";

	private final EmbeddedPostgres server;

	private LocalPostgres(EmbeddedPostgres server) {
		this.server = server;
	}

	static LocalPostgres start(LocalSettings settings) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setServerConfig("max_connections", "200")
			.setServerConfig("timezone", "UTC");
		if (Boolean.getBoolean("mandat.local.durable")) {
			// The embedded server trades durability for speed by default (fsync and
			// synchronous commit off); benchmarks that compare with production turn
			// them back on.
			builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
		}
		if (Boolean.getBoolean("mandat.local.statement-statistics")) {
			// Per-statement counters (pg_stat_statements) for benchmarks that look at
			// where the database's time goes.
			builder.setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain")
				.setServerConfig("auto_explain.log_min_duration", "5ms")
				.setServerConfig("pg_stat_statements.track", "all");
		}
		// A fixed directory even for tests, so a server left by a killed run is found.
		Path data = settings.postgresData();
		ProcessCleanup.stopStalePostgres(data);
		if (settings.freshDatabase()) {
			deleteRecursively(data);
		}
		Files.createDirectories(data);
		builder.setDataDirectory(data).setCleanDataDirectory(settings.freshDatabase());
		if (settings.postgresPort() > 0) {
			builder.setPort(settings.postgresPort());
		}
		LocalPostgres postgres = new LocalPostgres(builder.start());
		postgres.createRolesAndDatabases();
		return postgres;
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/**
	 * Keycloak imports a realm only when it does not exist yet: when the realm files
	 * change, start Keycloak from an empty database so the local stack follows them.
	 */
	void resetKeycloakIfRealmsChanged(Path stateDirectory, String realmsDigest) throws IOException {
		Path marker = stateDirectory.resolve("keycloak-realms.sha256");
		if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(realmsDigest)) {
			return;
		}
		try (Connection connection = this.server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS keycloak WITH (FORCE)");
			statement.execute("CREATE DATABASE keycloak OWNER " + KEYCLOAK);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not reset Keycloak's database", ex);
		}
		Files.createDirectories(stateDirectory);
		Files.writeString(marker, realmsDigest);
	}

	int port() {
		return this.server.getPort();
	}

	/**
	 * A scratch database owned by a role (for tests that need a database of their own).
	 */
	void createDatabase(String name, String owner) {
		try (Connection connection = this.server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + name + " OWNER " + owner);
			statement.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
			statement.execute("GRANT CONNECT ON DATABASE " + name + " TO " + APP);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the database " + name, ex);
		}
	}

	void dropDatabase(String name) {
		try (Connection connection = this.server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not drop the database " + name, ex);
		}
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://localhost:" + port() + "/" + database;
	}

	private void createRolesAndDatabases() {
		try (Connection connection = this.server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			createRoleIfMissing(statement, OWNER);
			createRoleIfMissing(statement, APP);
			createRoleIfMissing(statement, KEYCLOAK);
			createDatabaseIfMissing(statement, "mandat", OWNER);
			createDatabaseIfMissing(statement, "keycloak", KEYCLOAK);
			// The runtime role may connect and use the schema, nothing more: table
			// privileges are granted table by table in the migrations.
			statement.execute("REVOKE ALL ON DATABASE mandat FROM PUBLIC");
			statement.execute("GRANT CONNECT ON DATABASE mandat TO " + APP);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not prepare the embedded PostgreSQL", ex);
		}
		try (Connection connection = this.server.getDatabase(OWNER, "mandat").getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
			statement.execute("GRANT USAGE ON SCHEMA public TO " + APP);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not prepare the mandat database", ex);
		}
	}

	private static void createRoleIfMissing(Statement statement, String role) throws SQLException {
		// Local passwords only: the embedded server listens on loopback.
		statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
				+ "') THEN CREATE ROLE " + role + " LOGIN PASSWORD '" + role + "'; END IF; END $$");
	}

	private static void createDatabaseIfMissing(Statement statement, String database, String owner)
			throws SQLException {
		try (var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
			if (rs.next()) {
				return;
			}
		}
		statement.execute("CREATE DATABASE " + database + " OWNER " + owner);
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
