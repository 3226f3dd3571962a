package fr.mandat.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells an error caused by the database being out of reach (down, restarting, the network
 * cut) from other errors: such a request may be tried again (a change with its
 * idempotency key: a commit cut mid-way may have landed), so it is answered 503 with
 * {@code Retry-After}, not 500.
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
			if (cause instanceof TransactionSystemException failed) {
				// A commit or rollback that failed at the JDBC level: the connection
				// broke under the transaction (the pool then hands out a closed
				// connection whose error has no SQLSTATE), whatever the application was
				// doing.
				if (failed.getCause() instanceof SQLException
						|| (failed.getApplicationException() != null && causedBy(failed.getApplicationException()))) {
					return true;
				}
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
