-- When each aidant last signed in (shown to responsables; the inactivity rules use it).
ALTER TABLE aidant ADD COLUMN last_sign_in_at TIMESTAMPTZ;
ALTER TABLE aidant ADD COLUMN state_changed_at TIMESTAMPTZ;
