-- How the aidant signed in to Mandat (acr, auth_time), kept with their choice of usager for
-- the partner's ID token (ADR 0115): the authorization no longer stores the aidant's whole
-- authentication.
ALTER TABLE federation_grant
	ADD COLUMN aidant_acr VARCHAR(200),
	ADD COLUMN aidant_auth_time TIMESTAMPTZ;
