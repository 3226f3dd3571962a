package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds the aidants without a sign-in for five months (by default) and warns each once
 * per inactivity period (ADR 0107): a row in {@code aidant_inactivity_warning} and an
 * {@link AidantInactivityWarned} event in one transaction; the e-mail goes out after the
 * commit ({@link InactivityMails}), retried by the event publication registry until sent.
 * Every instance schedules it: aidants are taken {@code FOR UPDATE SKIP LOCKED} and the
 * row's key (aidant, start of the period) refuses a second warning.
 */
@Component
class InactivityWarnings {

	/** A warning's e-mail not sent by then is tried again at the next run. */
	private static final Duration RETRY_AFTER = Duration.ofMinutes(10);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final IncompleteEventPublications incomplete;

	private final InactivityProperties properties;

	private final Clock clock;

	InactivityWarnings(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
			IncompleteEventPublications incomplete, InactivityProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.incomplete = incomplete;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(cron = "${mandat.inactivity.warning-cron:0 0 9 * * *}")
	void scheduled() {
		Instant now = this.clock.instant();
		this.incomplete
			.resubmitIncompletePublications(publication -> publication.getEvent() instanceof AidantInactivityWarned
					&& publication.getPublicationDate().isBefore(now.minus(RETRY_AFTER)));
		run();
	}

	/** Warns the aidants due a warning; how many this run warned. */
	int run() {
		Instant now = this.clock.instant();
		Integer warned = this.transactions.execute(status -> {
			List<Due> due = this.jdbc.sql("""
					SELECT a.id, COALESCE(a.last_sign_in_at, a.state_changed_at, a.created_at) AS since
					FROM aidant a
					WHERE a.state = 'HABILITATED'
					  AND COALESCE(a.last_sign_in_at, a.state_changed_at, a.created_at) < :warnFrom
					  AND COALESCE(a.last_sign_in_at, a.state_changed_at, a.created_at) >= :deactivatedFrom
					  AND NOT EXISTS (SELECT 1 FROM aidant_inactivity_warning w WHERE w.aidant_id = a.id
					    AND w.inactive_since = COALESCE(a.last_sign_in_at, a.state_changed_at, a.created_at))
					ORDER BY a.id
					FOR UPDATE OF a SKIP LOCKED
					""")
				.param("warnFrom", Timestamp.from(now.minus(this.properties.warnAfter())))
				.param("deactivatedFrom", Timestamp.from(now.minus(this.properties.deactivateAfter())))
				.query((rs, n) -> new Due(rs.getObject("id", UUID.class), rs.getTimestamp("since").toInstant()))
				.list();
			int count = 0;
			for (Due aidant : due) {
				int inserted = this.jdbc.sql("""
						INSERT INTO aidant_inactivity_warning (aidant_id, inactive_since, warned_at) VALUES (?, ?, ?)
						ON CONFLICT DO NOTHING
						""").params(aidant.id(), Timestamp.from(aidant.since()), Timestamp.from(now)).update();
				if (inserted == 1) {
					this.events.publishEvent(new AidantInactivityWarned(aidant.id(), aidant.since(),
							aidant.since().plus(this.properties.deactivateAfter())));
					count++;
				}
			}
			return count;
		});
		return (warned != null) ? warned : 0;
	}

	private record Due(UUID id, Instant since) {
	}

}
