package fr.mandat.espaceusager;

import java.util.Map;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Journals the usager signing in to and out of their space, under their pseudonym, as
 * staff sign-ins are: the usager then sees in their own journal each time their space was
 * opened.
 */
@Component
class UsagerSignIns {

	private final UsagerSessions sessions;

	private final Journal journal;

	private final TransactionTemplate transactions;

	UsagerSignIns(UsagerSessions sessions, Journal journal, TransactionTemplate transactions) {
		this.sessions = sessions;
		this.journal = journal;
		this.transactions = transactions;
	}

	void signedIn(OidcUser user) {
		record(user, JournalAction.SIGNED_IN);
	}

	void signedOut(OidcUser user) {
		record(user, JournalAction.SIGNED_OUT);
	}

	private void record(OidcUser user, JournalAction action) {
		String pseudonym = this.sessions.of(user).pseudonym();
		this.transactions.executeWithoutResult(status -> this.journal.record(
				new JournalRecord(Actor.usager(pseudonym), action, null, pseudonym, null, Map.of("space", "usager"))));
	}

}
