-- A person asked for by a responsable has no Keycloak account (and so no subject) until
-- the national team approves the request and the account is provisioned.
ALTER TABLE aidant ALTER COLUMN subject DROP NOT NULL;

-- Habilitation requests and their decisions. PROVISIONING: approved and journaled, the
-- Keycloak account not yet created or its invitation not yet sent (retryable).
CREATE TABLE habilitation_request (
	id UUID PRIMARY KEY,
	aidant_id UUID NOT NULL REFERENCES aidant (id),
	structure_id UUID NOT NULL REFERENCES structure (id),
	role VARCHAR(20) NOT NULL CHECK (role IN ('AIDANT', 'RESPONSABLE', 'AUDITEUR')),
	requested_by UUID NOT NULL REFERENCES aidant (id),
	requested_at TIMESTAMPTZ NOT NULL,
	status VARCHAR(20) NOT NULL CHECK (status IN ('PENDING', 'PROVISIONING', 'APPROVED', 'REFUSED')),
	decided_by UUID REFERENCES aidant (id),
	decided_at TIMESTAMPTZ,
	decision_reason VARCHAR(500)
);

CREATE INDEX habilitation_request_open_ix ON habilitation_request (requested_at)
	WHERE status IN ('PENDING', 'PROVISIONING');
CREATE INDEX habilitation_request_structure_ix ON habilitation_request (structure_id);

GRANT SELECT, INSERT, UPDATE ON habilitation_request TO ${app_role};
