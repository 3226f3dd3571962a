-- Démarches carried out at partners. The id is also the Idempotency-Key sent to the
-- partner, so a reconciliation asks about the very same submission.
CREATE TABLE demarche_execution (
	id UUID PRIMARY KEY,
	demarche VARCHAR(80) NOT NULL,
	partner VARCHAR(80) NOT NULL,
	mandate_id UUID NOT NULL REFERENCES mandate (id),
	usager_id UUID NOT NULL REFERENCES usager (id),
	aidant_id UUID NOT NULL REFERENCES aidant (id),
	structure_id UUID NOT NULL REFERENCES structure (id),
	-- The input as sent, AES-GCM encrypted (it names the usager): needed to reconcile.
	input BYTEA NOT NULL,
	status VARCHAR(20) NOT NULL CHECK (status IN ('REQUESTED', 'UNKNOWN', 'ACCEPTED', 'REFUSED', 'NOT_SENT')),
	requested_at TIMESTAMPTZ NOT NULL,
	completed_at TIMESTAMPTZ,
	partner_reference VARCHAR(100),
	partner_status VARCHAR(100),
	response_digest VARCHAR(64),
	message VARCHAR(1000),
	reconcile_attempts INT NOT NULL DEFAULT 0,
	next_reconcile_at TIMESTAMPTZ
);

CREATE INDEX demarche_execution_mandate_ix ON demarche_execution (mandate_id, requested_at DESC);
CREATE INDEX demarche_execution_structure_ix ON demarche_execution (structure_id, requested_at DESC);
-- Executions whose outcome is not known yet, for the reconciliation job.
CREATE INDEX demarche_execution_pending_ix ON demarche_execution (next_reconcile_at)
	WHERE status IN ('REQUESTED', 'UNKNOWN');

GRANT SELECT, INSERT, UPDATE ON demarche_execution TO ${app_role};
