package fr.mandat.journal;

import java.util.UUID;

/**
 * Records what happened. Called inside the business transaction: the change commits if
 * and only if its entry commits.
 */
public interface Journal {

	/**
	 * @return the new entry's id
	 * @throws org.springframework.transaction.IllegalTransactionStateException outside a
	 * transaction
	 */
	UUID record(JournalRecord record);

}
