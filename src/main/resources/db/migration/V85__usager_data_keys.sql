-- Issue 14 (ADR 0105): each usager's personal data is encrypted with a data key of their
-- own, kept here wrapped (AES-GCM) by the service's personal-data key, apart from the
-- usager rows. Erasing a usager (ADR 0106) deletes this row: the ciphertext left in
-- usager.personal_data can then never be read again (crypto-shredding). Backups of this
-- table are kept for a short window only (docs/operations.md); long-term dumps leave its
-- rows out (pg_dump --exclude-table-data=usager_key).
CREATE TABLE usager_key (
	usager_id UUID PRIMARY KEY REFERENCES usager (id),
	wrapped_key BYTEA NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);

-- When the usager's personal data was erased; their pseudonymous rows stay.
ALTER TABLE usager ADD COLUMN erased_at TIMESTAMPTZ;

-- Keys are created and deleted, never rewritten.
GRANT SELECT, INSERT, DELETE ON usager_key TO ${app_role};
