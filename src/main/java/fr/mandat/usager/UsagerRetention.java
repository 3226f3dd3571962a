package fr.mandat.usager;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases the personal data of usagers kept past the retention rule (ADR 0106): those
 * whose last mandate ended more than {@code mandat.retention.after-last-mandate} ago (or,
 * without any mandate, whose last identification is that old). Erasing deletes the
 * usager's data key (crypto-shredding: the ciphertext left behind cannot be read again),
 * marks the usager erased, journals it under their pseudonym and tells the other modules
 * ({@link UsagerDataErased}), all in one transaction per batch.
 *
 * <p>
 * Every instance schedules it: candidates are taken {@code FOR UPDATE SKIP LOCKED}, so
 * instances running at once share the usagers out and none is erased twice; a usager
 * being identified again (whose row is locked) is left for the next run.
 */
@Component
class UsagerRetention {

	private static final Logger log = LoggerFactory.getLogger(UsagerRetention.class);

	private final JdbcClient jdbc;

	private final UsagerMandateEnds mandateEnds;

	private final Journal journal;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final RetentionProperties properties;

	private final Clock clock;

	UsagerRetention(JdbcClient jdbc, UsagerMandateEnds mandateEnds, Journal journal, ApplicationEventPublisher events,
			TransactionTemplate transactions, RetentionProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.mandateEnds = mandateEnds;
		this.journal = journal;
		this.events = events;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(cron = "${mandat.retention.cron:0 45 3 * * *}")
	void scheduled() {
		int erased = run();
		if (erased > 0) {
			log.info("Personal data of {} usagers erased (retention rule)", erased);
		}
	}

	/** Erases every usager past the rule now; how many this run erased. */
	int run() {
		return run(null);
	}

	/**
	 * As {@link #run()}, among these usagers only when given (tests share one database
	 * with other tests' usagers).
	 */
	int run(@Nullable Collection<UUID> only) {
		Instant now = this.clock.instant();
		Instant limit = now.minus(this.properties.afterLastMandate());
		int erased = 0;
		UUID after = new UUID(0, 0);
		while (true) {
			UUID from = after;
			Batch batch = this.transactions.execute(status -> batch(from, limit, now, only));
			if (batch == null) {
				return erased;
			}
			erased += batch.erased();
			if (batch.last() == null || batch.size() < this.properties.batchSize()) {
				return erased;
			}
			after = batch.last();
		}
	}

	private Batch batch(UUID after, Instant limit, Instant now, @Nullable Collection<UUID> only) {
		List<Candidate> candidates = this.jdbc.sql("""
				SELECT id, pseudonym FROM usager
				WHERE erased_at IS NULL AND identified_at < :limit AND id > :after %s
				ORDER BY id LIMIT :batch FOR UPDATE SKIP LOCKED
				""".formatted((only != null) ? "AND id = ANY(:only)" : ""))
			.param("limit", Timestamp.from(limit))
			.param("after", after)
			.param("only", (only != null) ? only.toArray(UUID[]::new) : new UUID[0])
			.param("batch", this.properties.batchSize())
			.query((rs, n) -> new Candidate(rs.getObject("id", UUID.class), rs.getString("pseudonym")))
			.list();
		if (candidates.isEmpty()) {
			return new Batch(null, 0, 0);
		}
		Map<UUID, Instant> ends = this.mandateEnds.lastEnds(candidates.stream().map(Candidate::id).toList());
		int erased = 0;
		for (Candidate candidate : candidates) {
			Instant lastEnd = ends.get(candidate.id());
			if (lastEnd == null || lastEnd.isBefore(limit)) {
				erase(candidate, now);
				erased++;
			}
		}
		return new Batch(candidates.get(candidates.size() - 1).id(), candidates.size(), erased);
	}

	private void erase(Candidate usager, Instant now) {
		this.jdbc.sql("DELETE FROM usager_key WHERE usager_id = ?").param(usager.id()).update();
		// Data still under the service key (not re-encrypted yet) cannot be shredded by
		// deleting a key: it is overwritten instead.
		this.jdbc.sql("""
				UPDATE usager SET erased_at = :now,
				  personal_data = CASE WHEN substring(personal_data FROM 1 FOR 1) = '\\x02'::bytea
				                       THEN personal_data ELSE ''::bytea END
				WHERE id = :id
				""").param("now", Timestamp.from(now)).param("id", usager.id()).update();
		this.journal
			.record(new JournalRecord(Actor.system(), JournalAction.USAGER_DATA_ERASED, null, usager.pseudonym(), null,
					Map.of("rule", "retention", "retentionDays", this.properties.afterLastMandate().toDays())));
		this.events.publishEvent(new UsagerDataErased(usager.id(), usager.pseudonym(), now));
	}

	private record Candidate(UUID id, String pseudonym) {
	}

	private record Batch(@Nullable UUID last, int size, int erased) {
	}

}
