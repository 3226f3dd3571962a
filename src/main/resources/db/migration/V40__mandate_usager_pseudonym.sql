-- Issue 17: the mandate module decides whether a structure may act under a mandate from
-- its own tables, in one statement. The usager's pseudonym (a keyed hash, never personal
-- data: what the journal records and delegation tokens derive from) is copied onto the
-- mandate when it is signed, as the signed document already holds it, so the decision
-- neither reads the usager's table nor decrypts anything. Existing mandates take it from
-- their usager; the update moves no revocation and no end date, which the V21 trigger
-- checks.
ALTER TABLE mandate ADD COLUMN usager_pseudonym VARCHAR(64);
UPDATE mandate m SET usager_pseudonym = u.pseudonym FROM usager u WHERE u.id = m.usager_id;
ALTER TABLE mandate ALTER COLUMN usager_pseudonym SET NOT NULL;
