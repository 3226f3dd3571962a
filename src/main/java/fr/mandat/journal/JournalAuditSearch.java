package fr.mandat.journal;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.journal.JournalRecord.Actor;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Searching the journal for auditors; every search is itself journaled. */
@Component
class JournalAuditSearch {

	private final JdbcClient jdbc;

	private final Journal journal;

	private final TransactionTemplate transactions;

	JournalAuditSearch(JdbcClient jdbc, Journal journal, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.journal = journal;
		this.transactions = transactions;
	}

	JournalPage search(JournalQuery query, Actor auditor) {
		return JournalAuditProofs.inTransaction(this.transactions, () -> {
			Selection selection = select(query, false);
			this.journal
				.record(JournalRecord.of(auditor, JournalAction.JOURNAL_SEARCHED).withPayload(selection.criteria()));
			return selection.page();
		});
	}

	Selection select(JournalQuery query, boolean sealedOnly) {
		StringBuilder sql = new StringBuilder("SELECT e.id, l.idx, e.recorded_at, e.action, e.actor_type, e.actor_id, "
				+ "e.structure_id, e.mandate_id, e.usager_ref, e.demarche, e.payload "
				+ "FROM journal_entry e LEFT JOIN journal_leaf l ON l.entry_id = e.id WHERE true");
		Map<String, Object> params = new HashMap<>();
		Map<String, Object> criteria = new HashMap<>();
		filter(sql, params, criteria, "e.structure_id", "structure", query.structureId());
		filter(sql, params, criteria, "e.actor_id", "actor", query.actorId());
		filter(sql, params, criteria, "e.usager_ref", "usager", query.usagerRef());
		filter(sql, params, criteria, "e.demarche", "demarche", query.demarche());
		filter(sql, params, criteria, "e.action", "action", (query.action() != null) ? query.action().name() : null);
		if (query.from() != null) {
			sql.append(" AND e.recorded_at >= :from");
			params.put("from", Timestamp.from(query.from()));
			criteria.put("from", query.from().toString());
		}
		if (query.until() != null) {
			sql.append(" AND e.recorded_at < :until");
			params.put("until", Timestamp.from(query.until()));
			criteria.put("until", query.until().toString());
		}
		if (sealedOnly) {
			sql.append(" AND l.idx IS NOT NULL");
		}
		if (query.after() != null) {
			sql.append(" AND (e.recorded_at, e.id) < (:afterTime, :afterId)");
			params.put("afterTime", Timestamp.from(query.after().recordedAt()));
			params.put("afterId", query.after().id());
		}
		sql.append(" ORDER BY e.recorded_at DESC, e.id DESC LIMIT :limit");
		params.put("limit", query.size() + 1);
		List<JournalPage.Item> items = this.jdbc.sql(sql.toString())
			.params(params)
			.query((rs, n) -> new JournalPage.Item(rs.getObject("id", UUID.class), (Long) rs.getObject("idx"),
					rs.getTimestamp("recorded_at").toInstant(), rs.getString("action"), rs.getString("actor_type"),
					rs.getString("actor_id"), rs.getObject("structure_id", UUID.class),
					rs.getObject("mandate_id", UUID.class), rs.getString("usager_ref"), rs.getString("demarche"),
					rs.getString("payload")))
			.list();
		JournalQuery.Cursor next = null;
		if (items.size() > query.size()) {
			items = items.subList(0, query.size());
			JournalPage.Item last = items.get(items.size() - 1);
			next = new JournalQuery.Cursor(last.recordedAt(), last.id());
		}
		return new Selection(new JournalPage(List.copyOf(items), next), criteria);
	}

	record Selection(JournalPage page, Map<String, Object> criteria) {
	}

	private static void filter(StringBuilder sql, Map<String, Object> params, Map<String, Object> criteria,
			String column, String name, @Nullable Object value) {
		if (value != null) {
			sql.append(" AND ").append(column).append(" = :").append(name);
			params.put(name, value);
			criteria.put(name, value.toString());
		}
	}

}
