package fr.mandat.federation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether a partner site may sign aidants in: the admins' decision, kept in PostgreSQL
 * (ADR 0112) and read at each request, so that disabling a site stops it at once on every
 * instance. A site no admin has ever disabled is enabled.
 */
@Component
class PartnerStatuses {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Journal journal;

	private final Clock clock;

	PartnerStatuses(JdbcClient jdbc, TransactionTemplate transactions, Journal journal, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.journal = journal;
		this.clock = clock;
	}

	boolean enabled(String clientId) {
		return this.jdbc.sql("SELECT enabled FROM federation_partner_status WHERE client_id = ?")
			.param(clientId)
			.query(Boolean.class)
			.optional()
			.orElse(true);
	}

	/** The sites disabled or enabled again by an admin, with the latest decision. */
	Map<String, Status> all() {
		Map<String, Status> statuses = new HashMap<>();
		this.jdbc.sql("SELECT client_id, enabled, changed_by, changed_at FROM federation_partner_status")
			.query((rs, n) -> statuses.put(rs.getString("client_id"),
					new Status(rs.getBoolean("enabled"), rs.getObject("changed_by", UUID.class),
							rs.getTimestamp("changed_at").toInstant())))
			.list();
		return statuses;
	}

	/**
	 * Disables or enables the site, journaled; doing it again changes nothing.
	 * @param adminId the admin deciding
	 * @return whether the site's state changed
	 */
	boolean change(Actor admin, UUID adminId, String clientId, boolean enabled) {
		Boolean changed = this.transactions.execute(status -> {
			Timestamp now = Timestamp.from(this.clock.instant());
			// The row is locked, so two admins deciding at once are journaled in order.
			this.jdbc.sql("""
					INSERT INTO federation_partner_status (client_id, enabled, changed_by, changed_at)
					VALUES (?, true, ?, ?) ON CONFLICT (client_id) DO NOTHING
					""").params(clientId, adminId, now).update();
			boolean current = this.jdbc
				.sql("SELECT enabled FROM federation_partner_status WHERE client_id = ? FOR UPDATE")
				.param(clientId)
				.query(Boolean.class)
				.single();
			if (current == enabled) {
				return false;
			}
			this.jdbc.sql("""
					UPDATE federation_partner_status SET enabled = ?, changed_by = ?, changed_at = ?
					WHERE client_id = ?
					""").params(enabled, adminId, now, clientId).update();
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("partner", clientId);
			this.journal.record(JournalRecord
				.of(admin, enabled ? JournalAction.PARTNER_SITE_ENABLED : JournalAction.PARTNER_SITE_DISABLED)
				.withPayload(payload));
			return true;
		});
		return Boolean.TRUE.equals(changed);
	}

	/** An admin's latest decision about a site. */
	record Status(boolean enabled, UUID changedBy, Instant changedAt) {
	}

}
