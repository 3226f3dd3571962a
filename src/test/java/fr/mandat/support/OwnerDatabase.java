package fr.mandat.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.springframework.core.env.Environment;

/**
 * A connection as the schema owner (the role migrations run as), for tests that tamper.
 */
public final class OwnerDatabase {

	private OwnerDatabase() {
	}

	public static Connection connect(Environment environment) throws SQLException {
		return DriverManager.getConnection(environment.getRequiredProperty("spring.datasource.url"),
				environment.getRequiredProperty("spring.flyway.user"),
				environment.getRequiredProperty("spring.flyway.password"));
	}

}
