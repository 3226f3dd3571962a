-- Issue 14: the usager's space lists the démarches done for them, by pseudonym only.
CREATE INDEX demarche_execution_usager_pseudonym_ix ON demarche_execution (usager_pseudonym, requested_at);
