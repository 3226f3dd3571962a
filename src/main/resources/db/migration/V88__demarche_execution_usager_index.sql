-- Issue 14 (ADR 0106): erasing a usager's personal data empties the stored inputs of the
-- démarches done for them, found by usager.
CREATE INDEX demarche_execution_usager_id_ix ON demarche_execution (usager_id);
