package fr.mandat.web.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's sessions come out of the shared store whole, as the back-channel logout
 * needs them (it reads the Keycloak session each was signed in with).
 */
@MandatIntegrationTest
class SessionStoreQueriesTests {

	@Autowired
	private JdbcIndexedSessionRepository repository;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private ObjectProvider<SessionRepositoryCustomizer<JdbcIndexedSessionRepository>> customizers;

	@Test
	void aPersonsSessionsComeWholeWhateverTheOrderTheirAttributesWereWrittenIn() throws SQLException {
		String person = "personne-" + UUID.randomUUID();
		String first = create(person, "sid-premier");
		String second = create(person, "sid-second");
		// Both sessions gain attributes in turns: their rows are no longer side by side
		// in the attributes table.
		for (int round = 1; round <= 4; round++) {
			for (String id : new String[] { first, second }) {
				Session session = sessions().findById(id);
				assertThat(session).isNotNull();
				session.setAttribute("tour-" + round, id);
				sessions().save(session);
			}
		}

		Map<String, ? extends Session> found;
		try {
			found = readWithHashJoin(person);
		}
		finally {
			sessions().deleteById(first);
			sessions().deleteById(second);
		}

		assertThat(found).isNotNull().containsOnlyKeys(first, second);
		for (String id : new String[] { first, second }) {
			Session session = found.get(id);
			assertThat(session.<String>getAttribute(BackChannelLogout.PROVIDER_SESSION))
				.isEqualTo(id.equals(first) ? "sid-premier" : "sid-second");
			for (int round = 1; round <= 4; round++) {
				assertThat(session.<String>getAttribute("tour-" + round)).isEqualTo(id);
			}
		}
	}

	/**
	 * The person's sessions read by a repository configured as the application's, on a
	 * connection where PostgreSQL joins by hashing the sessions and scanning the
	 * attributes in their physical order, as its planner chose in the full test run. (The
	 * application's repository reads in a transaction of its own, out of reach of a
	 * test's settings.)
	 */
	private Map<String, ? extends Session> readWithHashJoin(String person) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET enable_nestloop = off");
				statement.execute("SET enable_mergejoin = off");
			}
			try {
				JdbcIndexedSessionRepository reader = new JdbcIndexedSessionRepository(
						new JdbcTemplate(new SingleConnectionDataSource(connection, true)),
						TransactionOperations.withoutTransaction());
				this.customizers.orderedStream().forEach(customizer -> customizer.customize(reader));
				FindByIndexNameSessionRepository<? extends Session> byPerson = reader;
				return byPerson.findByPrincipalName(person);
			}
			finally {
				try (Statement statement = connection.createStatement()) {
					statement.execute("RESET enable_nestloop");
					statement.execute("RESET enable_mergejoin");
				}
			}
		}
	}

	private String create(String person, String providerSession) {
		Session session = sessions().createSession();
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, person);
		session.setAttribute(BackChannelLogout.PROVIDER_SESSION, providerSession);
		sessions().save(session);
		return session.getId();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private SessionRepository<Session> sessions() {
		return (SessionRepository) this.repository;
	}

}
