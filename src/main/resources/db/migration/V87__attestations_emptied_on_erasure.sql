-- Issue 14 (ADR 0106): erasing a usager's personal data empties the attestation PDFs that
-- print their name. The runtime role may now write the attestation column of mandate and
-- mandate_revocation, and nothing else more (V21 and V75 grants stand: revocation
-- columns and the name index). A trigger lets an attestation only be emptied, never
-- replaced by another document, whoever writes the row while the trigger is enabled.
CREATE FUNCTION attestation_only_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.attestation IS DISTINCT FROM OLD.attestation AND length(NEW.attestation) > 0 THEN
		RAISE EXCEPTION 'Une attestation signée ne peut qu''être effacée : % % refusé', TG_TABLE_NAME, OLD.id
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER mandate_attestation_only_emptied BEFORE UPDATE OF attestation ON mandate
	FOR EACH ROW EXECUTE FUNCTION attestation_only_emptied();
CREATE TRIGGER mandate_revocation_attestation_only_emptied BEFORE UPDATE OF attestation ON mandate_revocation
	FOR EACH ROW EXECUTE FUNCTION attestation_only_emptied();

GRANT UPDATE (attestation) ON mandate, mandate_revocation TO ${app_role};
