package fr.mandat.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells an error caused by the database being out of reach (down, restarting, the network
 * cut) from other errors: such a request changed nothing and may be tried again, so it is
 * answered 503 with {@code Retry-After}, not 500.
 */
final class DatabaseUnavailable {

	private DatabaseUnavailable() {
	}

	static boolean causedBy(@Nullable Object error) {
		Throwable cause = (error instanceof Throwable throwable) ? throwable : null;
		for (int depth = 0; cause != null && depth < 20; depth++) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

	/**
	 * SQLSTATE class 08 (connection exception) and 57P01–57P03 (the server shutting down
	 * or not accepting connections yet).
	 */
	private static boolean isConnectionState(@Nullable String state) {
		return state != null
				&& (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
	}

}
