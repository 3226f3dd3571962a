-- Mandat as an OpenID provider for partner sites (issue 15, ADR 0110).
-- Spring Authorization Server's authorizations (codes, access and ID tokens, the consent
-- state), its JDBC schema in PostgreSQL types: text for blob, timestamptz for timestamp.
CREATE TABLE oauth2_authorization (
	id VARCHAR(100) PRIMARY KEY,
	registered_client_id VARCHAR(100) NOT NULL,
	principal_name VARCHAR(200) NOT NULL,
	authorization_grant_type VARCHAR(100) NOT NULL,
	authorized_scopes VARCHAR(1000) DEFAULT NULL,
	attributes TEXT DEFAULT NULL,
	state VARCHAR(500) DEFAULT NULL,
	authorization_code_value TEXT DEFAULT NULL,
	authorization_code_issued_at TIMESTAMPTZ DEFAULT NULL,
	authorization_code_expires_at TIMESTAMPTZ DEFAULT NULL,
	authorization_code_metadata TEXT DEFAULT NULL,
	access_token_value TEXT DEFAULT NULL,
	access_token_issued_at TIMESTAMPTZ DEFAULT NULL,
	access_token_expires_at TIMESTAMPTZ DEFAULT NULL,
	access_token_metadata TEXT DEFAULT NULL,
	access_token_type VARCHAR(100) DEFAULT NULL,
	access_token_scopes VARCHAR(1000) DEFAULT NULL,
	oidc_id_token_value TEXT DEFAULT NULL,
	oidc_id_token_issued_at TIMESTAMPTZ DEFAULT NULL,
	oidc_id_token_expires_at TIMESTAMPTZ DEFAULT NULL,
	oidc_id_token_metadata TEXT DEFAULT NULL,
	refresh_token_value TEXT DEFAULT NULL,
	refresh_token_issued_at TIMESTAMPTZ DEFAULT NULL,
	refresh_token_expires_at TIMESTAMPTZ DEFAULT NULL,
	refresh_token_metadata TEXT DEFAULT NULL,
	user_code_value TEXT DEFAULT NULL,
	user_code_issued_at TIMESTAMPTZ DEFAULT NULL,
	user_code_expires_at TIMESTAMPTZ DEFAULT NULL,
	user_code_metadata TEXT DEFAULT NULL,
	device_code_value TEXT DEFAULT NULL,
	device_code_issued_at TIMESTAMPTZ DEFAULT NULL,
	device_code_expires_at TIMESTAMPTZ DEFAULT NULL,
	device_code_metadata TEXT DEFAULT NULL
);

CREATE INDEX oauth2_authorization_state_ix ON oauth2_authorization (state);

-- What the aidant chose for one authorization: the usager's mandate, the structure and the
-- aidant acting. Read again at code exchange (the mandate is checked at that moment).
CREATE TABLE federation_grant (
	authorization_id VARCHAR(100) PRIMARY KEY,
	client_id VARCHAR(100) NOT NULL,
	mandate_id UUID NOT NULL,
	structure_id UUID NOT NULL,
	aidant_id UUID NOT NULL,
	chosen_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX federation_grant_mandate_ix ON federation_grant (mandate_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON oauth2_authorization TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON federation_grant TO ${app_role};
