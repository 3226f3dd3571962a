package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deactivates aidants who have not signed in for six months (by default). Every instance
 * schedules it; a PostgreSQL advisory lock lets only one run at a time, and rows are
 * locked, so running it twice deactivates nobody twice.
 */
@Component
class InactivityJob {

	private static final Logger logger = LoggerFactory.getLogger(InactivityJob.class);

	/** An arbitrary, fixed advisory lock key for this job. */
	static final long LOCK = 0x4d414e44494e4143L;

	private final JdbcClient jdbc;

	private final Journal journal;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final InactivityProperties properties;

	private final Clock clock;

	InactivityJob(JdbcClient jdbc, Journal journal, TransactionTemplate transactions, ApplicationEventPublisher events,
			InactivityProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.journal = journal;
		this.transactions = transactions;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(cron = "${mandat.inactivity.cron:0 15 3 * * *}")
	void scheduled() {
		run();
	}

	/**
	 * Deactivates the inactive aidants; returns how many (0 if another instance runs).
	 */
	int run() {
		Instant now = this.clock.instant();
		Instant limit = now.minus(this.properties.deactivateAfter());
		List<Inactive> deactivated = this.transactions.execute(status -> {
			if (!Boolean.TRUE.equals(
					this.jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single())) {
				return List.of();
			}
			List<Inactive> inactive = this.jdbc.sql("""
					SELECT id, subject FROM aidant
					WHERE state = 'HABILITATED' AND COALESCE(last_sign_in_at, state_changed_at, created_at) < ?
					FOR UPDATE SKIP LOCKED
					""")
				.param(Timestamp.from(limit))
				.query((rs, n) -> new Inactive(rs.getObject("id", UUID.class), rs.getString("subject")))
				.list();
			for (Inactive aidant : inactive) {
				this.jdbc.sql("UPDATE aidant SET state = 'DEACTIVATED', state_changed_at = ? WHERE id = ?")
					.params(Timestamp.from(now), aidant.id())
					.update();
				this.journal.record(JournalRecord.of(Actor.system(), JournalAction.HABILITATION_CHANGED)
					.withPayload(Map.of("aidant", aidant.id().toString(), "from", "HABILITATED", "to", "DEACTIVATED",
							"reason", "inactivite")));
				// Their account is disabled once this commits, retried until done.
				this.events.publishEvent(new AidantDeactivated(aidant.id(), aidant.subject()));
			}
			return inactive;
		});
		return deactivated.size();
	}

	private record Inactive(UUID id, String subject) {
	}

}
