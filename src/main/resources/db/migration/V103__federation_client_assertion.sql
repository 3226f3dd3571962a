-- The "jti" of the partners' client assertions (private_key_jwt, RFC 7523 §3 point 7),
-- kept until the assertion expires so that a replayed one is refused (ADR 0112).
CREATE TABLE federation_client_assertion (
	client_id VARCHAR(100) NOT NULL,
	jti VARCHAR(200) NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (client_id, jti)
);

CREATE INDEX federation_client_assertion_expiry_ix ON federation_client_assertion (expires_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON federation_client_assertion TO ${app_role};
