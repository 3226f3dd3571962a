package fr.mandat.mandate;

import fr.mandat.usager.UsagerDataErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Empties what the mandate tables hold of an erased usager's personal data (ADR 0106), in
 * the erasing transaction: the blind index of their name and the attestation PDFs, which
 * print it. The signed documents stay (they hold the pseudonym and a keyed identity
 * commitment, no name), so mandates and the journal stay verifiable.
 */
@Component
class ErasedUsagerCopies {

	private final JdbcClient jdbc;

	ErasedUsagerCopies(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(UsagerDataErased erased) {
		// An empty index (not NULL), so the start-up backfill does not index it again.
		this.jdbc.sql("""
				UPDATE mandate SET usager_name_index = '{}', attestation = ''::bytea WHERE usager_id = ?
				""").param(erased.usagerId()).update();
		this.jdbc.sql("""
				UPDATE mandate_revocation SET attestation = ''::bytea
				WHERE mandate_id IN (SELECT id FROM mandate WHERE usager_id = ?)
				""").param(erased.usagerId()).update();
	}

}
