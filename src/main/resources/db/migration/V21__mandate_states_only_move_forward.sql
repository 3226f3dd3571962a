-- A mandate or an autorisation, once revoked, stays revoked, and a mandate's end can
-- only come sooner: whoever writes the rows (the runtime role, or the owner while the
-- trigger is enabled) cannot revive a mandate by setting revoked_at back to NULL, move
-- a revocation, or push not_after later. Revocation and renewal only ever set
-- revoked_at (with revoked_by and replaced_by_mandate_id) on rows where it is NULL.
CREATE FUNCTION mandate_only_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.revoked_at IS NOT NULL AND (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
			OR NEW.revoked_by IS DISTINCT FROM OLD.revoked_by) THEN
		RAISE EXCEPTION 'Une révocation est définitive : % % ne peut plus changer de révocation', TG_TABLE_NAME, OLD.id
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	IF TG_TABLE_NAME = 'mandate' THEN
		IF NEW.not_after > OLD.not_after OR NEW.not_before IS DISTINCT FROM OLD.not_before THEN
			RAISE EXCEPTION 'La fin d''un mandat ne peut qu''avancer : mandat % refusé', OLD.id
				USING ERRCODE = 'insufficient_privilege';
		END IF;
	ELSIF OLD.revoked_at IS NOT NULL
			AND NEW.replaced_by_mandate_id IS DISTINCT FROM OLD.replaced_by_mandate_id THEN
		RAISE EXCEPTION 'Une révocation est définitive : autorisation % refusée', OLD.id
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER mandate_only_forward BEFORE UPDATE ON mandate
	FOR EACH ROW EXECUTE FUNCTION mandate_only_forward();
CREATE TRIGGER autorisation_only_forward BEFORE UPDATE ON autorisation
	FOR EACH ROW EXECUTE FUNCTION mandate_only_forward();

-- The runtime role may only write what revocation and renewal write.
REVOKE UPDATE ON mandate, autorisation FROM ${app_role};
GRANT UPDATE (revoked_at, revoked_by) ON mandate TO ${app_role};
GRANT UPDATE (revoked_at, revoked_by, replaced_by_mandate_id) ON autorisation TO ${app_role};
