-- The démarche categories each structure may use (all of them unless restricted).
ALTER TABLE structure ADD COLUMN demarche_categories VARCHAR(20)[] NOT NULL
	DEFAULT ARRAY['papiers', 'famille', 'social', 'travail', 'logement', 'transports', 'argent', 'justice', 'etranger', 'loisirs']::VARCHAR(20)[];

-- A usager as identified through the identity provider. The pseudonym is a keyed hash
-- of the provider's subject; names, birth data and e-mail are only stored encrypted
-- (AES-GCM, key in the service keystore), bound to the row's id.
CREATE TABLE usager (
	id UUID PRIMARY KEY,
	pseudonym VARCHAR(64) NOT NULL UNIQUE,
	identity_digest CHAR(64) NOT NULL,
	personal_data BYTEA NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	identified_at TIMESTAMPTZ NOT NULL
);

-- A signed mandate. Its state is computed from the clock at every use: active between
-- not_before and not_after unless revoked.
CREATE TABLE mandate (
	id UUID PRIMARY KEY,
	structure_id UUID NOT NULL REFERENCES structure (id),
	aidant_id UUID NOT NULL REFERENCES aidant (id),
	usager_id UUID NOT NULL REFERENCES usager (id),
	duration_days INT NOT NULL CHECK (duration_days IN (1, 31, 182, 365)),
	not_before TIMESTAMPTZ NOT NULL,
	not_after TIMESTAMPTZ NOT NULL CHECK (not_after > not_before AND not_after <= not_before + INTERVAL '365 days'),
	renews_mandate_id UUID REFERENCES mandate (id),
	document TEXT NOT NULL,
	jws TEXT NOT NULL,
	digest CHAR(64) NOT NULL,
	attestation BYTEA NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	revoked_at TIMESTAMPTZ,
	revoked_by UUID REFERENCES aidant (id)
);

CREATE INDEX mandate_structure_ix ON mandate (structure_id, not_after DESC);
CREATE INDEX mandate_usager_ix ON mandate (usager_id, structure_id);

-- One démarche category inside a mandate.
CREATE TABLE autorisation (
	id UUID PRIMARY KEY,
	mandate_id UUID NOT NULL REFERENCES mandate (id),
	category VARCHAR(20) NOT NULL,
	revoked_at TIMESTAMPTZ,
	revoked_by UUID REFERENCES aidant (id),
	replaced_by_mandate_id UUID REFERENCES mandate (id),
	UNIQUE (mandate_id, category)
);

CREATE INDEX autorisation_mandate_ix ON autorisation (mandate_id);

-- Each revocation (of a whole mandate or of some autorisations) and its signed
-- attestation.
CREATE TABLE mandate_revocation (
	id UUID PRIMARY KEY,
	mandate_id UUID NOT NULL REFERENCES mandate (id),
	categories VARCHAR(20)[] NOT NULL,
	revoked_at TIMESTAMPTZ NOT NULL,
	revoked_by UUID NOT NULL REFERENCES aidant (id),
	attestation BYTEA NOT NULL
);

CREATE INDEX mandate_revocation_mandate_ix ON mandate_revocation (mandate_id, revoked_at);

GRANT SELECT, INSERT, UPDATE ON usager TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON mandate, autorisation TO ${app_role};
GRANT SELECT, INSERT ON mandate_revocation TO ${app_role};

-- A mandate's page shows its history from the journal.
CREATE INDEX journal_entry_mandate_ix ON journal_entry (mandate_id, recorded_at DESC, id DESC);
