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

@Service
class JdbcJournal implements Journal {

	private final JdbcClient jdbc;

	private final Clock clock;

	JdbcJournal(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public UUID record(JournalRecord record) {
		UUID id = UUID.randomUUID();
		// PostgreSQL keeps microseconds: the canonical form must survive the round trip.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		this.jdbc.sql("""
				INSERT INTO journal_entry (id, recorded_at, action, actor_type, actor_id, structure_id,
				                           mandate_id, usager_ref, demarche, payload)
				VALUES (:id, :recordedAt, :action, :actorType, :actorId, :structureId,
				        :mandateId, :usagerRef, :demarche, :payload)
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
		this.jdbc.sql("INSERT INTO journal_pending (entry_id) VALUES (:id)").param("id", id).update();
		return id;
	}

}
