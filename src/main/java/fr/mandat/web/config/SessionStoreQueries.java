package fr.mandat.web.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * The shared session store's query for a person's sessions, with its rows grouped by
 * session.
 * <p>
 * Spring Session reads a person's sessions with one join of sessions and attributes and
 * builds a session from each run of consecutive rows of the same session; its query has
 * no {@code ORDER BY}. When PostgreSQL chooses a hash join, the rows come in the
 * attribute table's physical order, so a session whose attributes were written at
 * different times is cut into pieces and only the last piece is kept: the back-channel
 * logout then missed a session whose Keycloak session id was in another piece, and it
 * stayed signed in (found by CI, where the test order made it happen).
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreQueries {

	static final String SESSIONS_OF_A_PERSON = """
			SELECT S.PRIMARY_ID, S.SESSION_ID, S.CREATION_TIME, S.LAST_ACCESS_TIME, S.MAX_INACTIVE_INTERVAL,
			       SA.ATTRIBUTE_NAME, SA.ATTRIBUTE_BYTES
			FROM %TABLE_NAME% S
			LEFT JOIN %TABLE_NAME%_ATTRIBUTES SA ON S.PRIMARY_ID = SA.SESSION_PRIMARY_ID
			WHERE S.PRINCIPAL_NAME = ?
			ORDER BY S.PRIMARY_ID
			""";

	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionsOfAPersonGrouped() {
		return repository -> repository.setListSessionsByPrincipalNameQuery(SESSIONS_OF_A_PERSON);
	}

}
