package fr.mandat.journal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Service
class JdbcJournal implements Journal {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SequencerLoop sequencer;

	JdbcJournal(JdbcClient jdbc, Clock clock, SequencerLoop sequencer) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.sequencer = sequencer;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public UUID record(JournalRecord record) {
		UUID id = UUID.randomUUID();
		// PostgreSQL keeps microseconds: the canonical form must survive the round trip.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		// One statement, one round trip, for the entry and its place in the queue.
		this.jdbc.sql("""
				WITH entry AS (
				  INSERT INTO journal_entry (id, recorded_at, action, actor_type, actor_id, structure_id,
				                             mandate_id, usager_ref, demarche, payload)
				  VALUES (:id, :recordedAt, :action, :actorType, :actorId, :structureId,
				          :mandateId, :usagerRef, :demarche, :payload)
				  RETURNING id
				)
				INSERT INTO journal_pending (entry_id) SELECT id FROM entry
				""")
			.param("id", id)
			.param("recordedAt", Timestamp.from(now))
			.param("action", record.action().name())
			.param("actorType", record.actor().type().name())
			.param("actorId", record.actor().id())
			.param("structureId", record.actor().structureId())
			.param("mandateId", record.mandateId())
			.param("usagerRef", record.usagerRef())
			.param("demarche", record.demarche())
			.param("payload", EntryCanonicalForm.canonicalPayload(record.payload()))
			.update();
		wakeSequencerAfterCommit();
		return id;
	}

	/**
	 * The entry is visible to the sequencer only once committed: wake it then rather than
	 * at its next poll (a wake-up is idempotent, several entries in one transaction make
	 * one run).
	 */
	private void wakeSequencerAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					JdbcJournal.this.sequencer.wake();
				}

			});
		}
	}

}
