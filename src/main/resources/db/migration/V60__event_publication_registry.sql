-- Spring Modulith's JDBC event publication registry (spring-modulith-events-jdbc 2.1,
-- its PostgreSQL schema): one row per event and listener, from the publishing
-- transaction until the listener has succeeded. Used by structure for the steps at the
-- identity provider that follow a decision about a person (HabilitationApproved,
-- AidantDeactivated), see ADR 0081. Created here, never by the registry's schema
-- initialisation (spring.modulith.events.jdbc.schema-initialization.enabled is off).
CREATE TABLE event_publication (
	id UUID NOT NULL PRIMARY KEY,
	listener_id TEXT NOT NULL,
	event_type TEXT NOT NULL,
	serialized_event TEXT NOT NULL,
	publication_date TIMESTAMPTZ NOT NULL,
	completion_date TIMESTAMPTZ,
	status TEXT,
	completion_attempts INT,
	last_resubmission_date TIMESTAMPTZ
);

CREATE INDEX event_publication_serialized_event_hash_ix ON event_publication USING hash (serialized_event);
CREATE INDEX event_publication_by_completion_date_ix ON event_publication (completion_date);

-- Completed publications are deleted (spring.modulith.events.completion-mode: delete).
GRANT SELECT, INSERT, UPDATE, DELETE ON event_publication TO ${app_role};
