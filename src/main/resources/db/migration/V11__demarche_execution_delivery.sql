-- What a later delivery of an execution needs, copied when it is requested, so that the
-- reconciliation job reads only the démarche module's own table: the usager's pseudonym
-- (the partner's pairwise subject is derived from it) and the structure's SIRET (named
-- in the delegation token).
ALTER TABLE demarche_execution ADD COLUMN usager_pseudonym VARCHAR(64);
ALTER TABLE demarche_execution ADD COLUMN structure_siret VARCHAR(14);
UPDATE demarche_execution e SET usager_pseudonym = u.pseudonym FROM usager u WHERE u.id = e.usager_id;
UPDATE demarche_execution e SET structure_siret = COALESCE(s.siret, '') FROM structure s WHERE s.id = e.structure_id;
ALTER TABLE demarche_execution ALTER COLUMN usager_pseudonym SET NOT NULL;
ALTER TABLE demarche_execution ALTER COLUMN structure_siret SET NOT NULL;

-- DENIED: never delivered, because when the delivery was due Mandat's checks (aidant,
-- structure, mandate) no longer allowed it.
ALTER TABLE demarche_execution DROP CONSTRAINT demarche_execution_status_check;
ALTER TABLE demarche_execution ADD CONSTRAINT demarche_execution_status_check
	CHECK (status IN ('REQUESTED', 'UNKNOWN', 'ACCEPTED', 'REFUSED', 'NOT_SENT', 'DENIED'));
