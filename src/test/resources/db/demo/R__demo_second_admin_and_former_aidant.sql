-- Two more demo people (issue 12): a second admin, so that an appointment or a request
-- one admin made is approved by another (four eyes), and a former aidant of Saint-Aubin,
-- deactivated in Mandat while her Keycloak account still signs in (the application must
-- refuse her). Subjects are the fixed user ids of keycloak/realm-mandat.json.
INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at, state_changed_at) VALUES
	('7d2f9a10-0000-4000-8000-000000000009', '5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1009', 'Claire', 'Fontaine', 'claire.fontaine@mandat.example.fr', 'HABILITATED', '2026-01-06T09:00:00Z', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000010', '5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1010', 'Nina', 'Lopez', 'nina.lopez@saint-aubin.example.fr', 'DEACTIVATED', '2026-01-06T09:00:00Z', '2026-06-30T09:00:00Z')
ON CONFLICT (id) DO NOTHING;

INSERT INTO membership (aidant_id, structure_id, role, since) VALUES
	('7d2f9a10-0000-4000-8000-000000000009', '3c6e0b8a-4b1f-4a8e-9c1d-000000000003', 'ADMIN', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000010', '3c6e0b8a-4b1f-4a8e-9c1d-000000000002', 'AIDANT', '2026-01-06T09:00:00Z')
ON CONFLICT DO NOTHING;

UPDATE aidant SET last_sign_in_at = now()
	WHERE id = '7d2f9a10-0000-4000-8000-000000000009' AND last_sign_in_at IS NULL;
