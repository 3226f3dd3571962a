-- Access tokens that have served as the confirmation of a sensitive action through the
-- API (a démarche in « Argent »): each serves once. Owned by the module that decides
-- step-up (today structure, identity later). Rows are kept a day, far beyond a token's
-- lifetime.
CREATE TABLE step_up_token_use (
	jti VARCHAR(200) PRIMARY KEY,
	aidant_id UUID NOT NULL,
	action VARCHAR(60) NOT NULL,
	used_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX step_up_token_use_used_at_ix ON step_up_token_use (used_at);

GRANT SELECT, INSERT, DELETE ON step_up_token_use TO ${app_role};
