-- Issue 16 (ADR 0109): rotating the personal-data key. Each wrapped key says which service
-- key wrapped it (a name that reveals nothing about the key, NULL for keys wrapped before
-- this migration), so that after a rotation the instances find those still wrapped by a
-- retired key and wrap them again with the current one. The data keys themselves, and
-- everything they encrypt, are unchanged.
ALTER TABLE usager_key ADD COLUMN key_id VARCHAR(32);

CREATE INDEX usager_key_by_service_key ON usager_key (key_id, usager_id);

-- Wrapping again is the only rewrite: the key's bytes inside never change.
GRANT UPDATE (wrapped_key, key_id) ON usager_key TO ${app_role};
