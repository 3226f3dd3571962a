-- Issue 14 (ADR 0107): the warning e-mailed to an aidant after five months without a
-- sign-in, recorded once per inactivity period. A period is known by when it began (the
-- last sign-in, or the habilitation or creation for an aidant who never signed in):
-- signing in starts a new period, which may be warned about again.
CREATE TABLE aidant_inactivity_warning (
	aidant_id UUID NOT NULL REFERENCES aidant (id),
	inactive_since TIMESTAMPTZ NOT NULL,
	warned_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (aidant_id, inactive_since)
);

GRANT SELECT, INSERT ON aidant_inactivity_warning TO ${app_role};
