-- Back-channel logout (OpenID Connect Back-Channel Logout 1.0) for partner sites (issue 15,
-- ADR 0111). Each grant keeps what the partner was told (its pairwise "sub" and a session
-- id "sid", set at code exchange), when it ended (mandate revoked, autorisations revoked,
-- aidant deactivated, mandate expired) and whether the partner still has to be told.
ALTER TABLE federation_grant
	ADD COLUMN sid VARCHAR(64),
	ADD COLUMN subject VARCHAR(200),
	ADD COLUMN ended_at TIMESTAMPTZ,
	ADD COLUMN ended_reason VARCHAR(50),
	ADD COLUMN logout_pending BOOLEAN NOT NULL DEFAULT false,
	ADD COLUMN logout_attempts INT NOT NULL DEFAULT 0,
	ADD COLUMN logout_next_attempt_at TIMESTAMPTZ,
	ADD COLUMN logout_sent_at TIMESTAMPTZ;

-- The grants of a deactivated aidant (the mandate's are found by federation_grant_mandate_ix).
CREATE INDEX federation_grant_aidant_ix ON federation_grant (aidant_id);

-- The open sessions whose mandate a schedule checks again (one that expires publishes
-- nothing), in mandate order.
CREATE INDEX federation_grant_open_ix ON federation_grant (mandate_id)
	WHERE ended_at IS NULL AND subject IS NOT NULL;

-- The logouts still to be sent, retried on a schedule.
CREATE INDEX federation_grant_logout_pending_ix ON federation_grant (logout_next_attempt_at)
	WHERE logout_pending;
