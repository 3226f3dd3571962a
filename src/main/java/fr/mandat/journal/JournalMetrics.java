package fr.mandat.journal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What operators watch of the journal (infra/observability): how many recorded entries
 * wait for an index, how long the oldest has waited (the integration delay) and the age
 * of the newest signed checkpoint. Read from the database at each scrape, so every
 * instance reports the same figures, whichever sequenced the entries.
 */
@Component
class JournalMetrics {

	private final JdbcClient jdbc;

	private final Clock clock;

	JournalMetrics(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		Gauge.builder("mandat.journal.pending", this, JournalMetrics::pending)
			.description("Entries recorded but not yet given an index by the sequencer")
			.register(meters);
		Gauge.builder("mandat.journal.pending.oldest.age", this, JournalMetrics::oldestPendingAge)
			.description("How long the oldest entry waiting for an index has waited (0 when none waits)")
			.baseUnit("seconds")
			.register(meters);
		Gauge.builder("mandat.journal.checkpoint.age", this, JournalMetrics::checkpointAge)
			.description("Age of the newest signed checkpoint (NaN while the journal is empty)")
			.baseUnit("seconds")
			.register(meters);
	}

	double pending() {
		return this.jdbc.sql("SELECT count(*) FROM journal_pending").query(Long.class).single();
	}

	double oldestPendingAge() {
		Timestamp oldest = this.jdbc.sql("""
				SELECT min(e.recorded_at) FROM journal_pending p JOIN journal_entry e ON e.id = p.entry_id
				""").query(Timestamp.class).optional().orElse(null);
		return (oldest != null) ? secondsSince(oldest) : 0;
	}

	double checkpointAge() {
		Timestamp newest = this.jdbc.sql("SELECT max(created_at) FROM journal_checkpoint")
			.query(Timestamp.class)
			.optional()
			.orElse(null);
		return (newest != null) ? secondsSince(newest) : Double.NaN;
	}

	private double secondsSince(Timestamp instant) {
		return Math.max(0, Duration.between(instant.toInstant(), this.clock.instant()).toMillis() / 1000.0);
	}

}
