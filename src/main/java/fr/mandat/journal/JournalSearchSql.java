package fr.mandat.journal;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The WHERE clause (positional parameters, over {@code journal_entry e}) of a search, and
 * its criteria as journaled and exported.
 */
record JournalSearchSql(String where, List<Object> params, Map<String, Object> criteria) {

	static JournalSearchSql of(JournalQuery query) {
		StringBuilder where = new StringBuilder("true");
		List<Object> params = new ArrayList<>();
		Map<String, Object> criteria = new LinkedHashMap<>();
		filter(where, params, criteria, "e.structure_id", "structure", query.structureId());
		filter(where, params, criteria, "e.actor_id", "actor", query.actorId());
		filter(where, params, criteria, "e.usager_ref", "usager", query.usagerRef());
		filter(where, params, criteria, "e.demarche", "demarche", query.demarche());
		filter(where, params, criteria, "e.action", "action", (query.action() != null) ? query.action().name() : null);
		if (query.from() != null) {
			where.append(" AND e.recorded_at >= ?");
			params.add(Timestamp.from(query.from()));
			criteria.put("from", query.from().toString());
		}
		if (query.until() != null) {
			where.append(" AND e.recorded_at < ?");
			params.add(Timestamp.from(query.until()));
			criteria.put("until", query.until().toString());
		}
		return new JournalSearchSql(where.toString(), List.copyOf(params), criteria);
	}

	private static void filter(StringBuilder where, List<Object> params, Map<String, Object> criteria, String column,
			String name, @Nullable Object value) {
		if (value != null) {
			where.append(" AND ").append(column).append(" = ?");
			params.add(value);
			criteria.put(name, value.toString());
		}
	}

}
