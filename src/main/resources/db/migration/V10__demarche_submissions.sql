-- Every démarche form sent, by the idempotency key minted when the form was shown. A
-- reload, a double-click, a second tab or back-and-resubmit finds the first submission
-- instead of making another. Refusals by Mandat are kept here too, so that a reload of a
-- refused submission shows the same refusal without journaling it again. Owned by the
-- démarche module.
CREATE TABLE demarche_submission (
	key UUID PRIMARY KEY,
	aidant_id UUID NOT NULL REFERENCES aidant (id),
	structure_id UUID NOT NULL REFERENCES structure (id),
	-- As sent: it may name a mandate the aidant may not use (then refused).
	mandate_id UUID NOT NULL,
	demarche VARCHAR(80) NOT NULL,
	-- Keyed digest (HMAC) of the input: the same démarche sent again with the same
	-- input is recognised without keeping the input in clear.
	input_digest VARCHAR(64) NOT NULL,
	submitted_at TIMESTAMPTZ NOT NULL,
	refusal_reason VARCHAR(60),
	refusal_message VARCHAR(500),
	-- The earlier submission this one repeats (same input within minutes): not sent again.
	same_as UUID REFERENCES demarche_submission (key)
);

CREATE INDEX demarche_submission_recent_ix
	ON demarche_submission (aidant_id, mandate_id, demarche, input_digest, submitted_at DESC);

GRANT SELECT, INSERT, UPDATE ON demarche_submission TO ${app_role};
