-- Issue 17 (ADR 0096): the list of a structure's mandates filters by the usager's name
-- in SQL through a blind index, without decrypting names. The index is an array of
-- keyed hashes (HMAC-SHA256 with the service's pseudonym key, in its own context) of the
-- beginnings of every word of the name, normalised (lower case, no accents). The
-- application writes it when it signs a mandate; mandates signed before this migration
-- get theirs from the application at start (UsagerNameIndexBackfill), since SQL has no
-- key: until then (NULL) a name filter does not find them.
ALTER TABLE mandate ADD COLUMN usager_name_index TEXT[];

CREATE INDEX mandate_usager_name_ix ON mandate USING GIN (usager_name_index);
CREATE INDEX mandate_unindexed_name_ix ON mandate (id) WHERE usager_name_index IS NULL;

-- The V21 trigger lets this column change (it only guards revocations and dates); the
-- runtime role may write it, and still nothing else but revocations.
GRANT UPDATE (usager_name_index) ON mandate TO ${app_role};
