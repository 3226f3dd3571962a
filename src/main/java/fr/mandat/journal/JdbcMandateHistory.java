package fr.mandat.journal;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

@Service
class JdbcMandateHistory implements MandateHistory {

	private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final JdbcTemplate cursor;

	JdbcMandateHistory(JdbcClient jdbc, JsonMapper json, DataSource dataSource) {
		this.jdbc = jdbc;
		this.json = json;
		this.cursor = new JdbcTemplate(dataSource);
		this.cursor.setFetchSize(1_000);
	}

	@Override
	public void forEach(Consumer<MandateEvent> events) {
		this.cursor.query("""
				SELECT e.mandate_id, l.idx, e.action, e.payload
				FROM journal_entry e LEFT JOIN journal_leaf l ON l.entry_id = e.id
				WHERE e.mandate_id IS NOT NULL
				ORDER BY l.idx NULLS LAST, e.recorded_at, e.id
				""", rs -> {
			JournalAction action;
			try {
				action = JournalAction.valueOf(rs.getString("action"));
			}
			catch (IllegalArgumentException ex) {
				return;
			}
			events.accept(new MandateEvent(rs.getObject("mandate_id", UUID.class), rs.getObject("idx", Long.class),
					action, this.json.readValue(rs.getString("payload"), PAYLOAD)));
		});
	}

	@Override
	public List<Event> of(UUID mandateId, int limit) {
		return of(mandateId, EnumSet.allOf(JournalAction.class), limit);
	}

	@Override
	public List<Event> of(UUID mandateId, Set<JournalAction> actions, int limit) {
		if (actions.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				SELECT e.id, l.idx, e.recorded_at, e.action, e.actor_id, e.payload
				FROM journal_entry e LEFT JOIN journal_leaf l ON l.entry_id = e.id
				WHERE e.mandate_id = :mandate AND e.action IN (:actions)
				ORDER BY e.recorded_at, e.id
				LIMIT :limit
				""")
			.param("mandate", mandateId)
			.param("actions", actions.stream().map(JournalAction::name).toList())
			.param("limit", limit)
			.query((rs, n) -> new Event(rs.getObject("id", UUID.class), rs.getObject("idx", Long.class),
					rs.getTimestamp("recorded_at").toInstant(), JournalAction.valueOf(rs.getString("action")),
					rs.getString("actor_id"), this.json.readValue(rs.getString("payload"), PAYLOAD)))
			.list();
	}

}
