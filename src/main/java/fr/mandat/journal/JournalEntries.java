package fr.mandat.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import fr.mandat.journal.EntryCanonicalForm.StoredEntry;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads stored entries. */
final class JournalEntries {

	private JournalEntries() {
	}

	static List<StoredEntry> load(JdbcClient jdbc, List<UUID> ids) {
		return jdbc.sql("""
				SELECT id, recorded_at, action, actor_type, actor_id, structure_id, mandate_id, usager_ref,
				       demarche, payload
				FROM journal_entry WHERE id = ANY(:ids)
				""").param("ids", ids.toArray(UUID[]::new)).query(JournalEntries::row).list();
	}

	/** An entry from a row with journal_entry's columns. */
	static StoredEntry row(ResultSet rs, int rowNum) throws SQLException {
		return new StoredEntry(rs.getObject("id", UUID.class), rs.getTimestamp("recorded_at").toInstant(),
				rs.getString("action"), rs.getString("actor_type"), rs.getString("actor_id"),
				rs.getObject("structure_id", UUID.class), rs.getObject("mandate_id", UUID.class),
				rs.getString("usager_ref"), rs.getString("demarche"), rs.getString("payload"));
	}

}
