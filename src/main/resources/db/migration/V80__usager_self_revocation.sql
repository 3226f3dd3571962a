-- Issue 14: a usager revokes their own mandate from their space. A revocation is then made
-- by the usager (their pseudonym, never their name) instead of an aidant: exactly one of
-- the two is recorded. request_key is the key the revocation form was shown with, so that
-- sending it twice (a reload, a double click) leads to the one revocation it made.
ALTER TABLE mandate_revocation ALTER COLUMN revoked_by DROP NOT NULL;
ALTER TABLE mandate_revocation ADD COLUMN revoked_by_usager VARCHAR(64);
ALTER TABLE mandate_revocation ADD COLUMN request_key UUID UNIQUE;
ALTER TABLE mandate_revocation ADD CONSTRAINT mandate_revocation_one_revoker
	CHECK ((revoked_by IS NULL) <> (revoked_by_usager IS NULL));

-- The usager's space finds their mandates by pseudonym only.
CREATE INDEX mandate_usager_pseudonym_ix ON mandate (usager_pseudonym, created_at);
