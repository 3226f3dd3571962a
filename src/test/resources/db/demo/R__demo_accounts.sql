-- Demo structures and staff for the local stack and the tests (never in the
-- production jar). Subjects are the fixed user ids of keycloak/realm-mandat.json.
INSERT INTO structure (id, name, siret, kind, created_at) VALUES
	('3c6e0b8a-4b1f-4a8e-9c1d-000000000001', 'France Services de Villeneuve', '21930077400011', 'FRANCE_SERVICES', '2026-01-05T09:00:00Z'),
	('3c6e0b8a-4b1f-4a8e-9c1d-000000000002', 'Mairie de Saint-Aubin', '21140569500019', 'MAIRIE', '2026-01-05T09:00:00Z'),
	('3c6e0b8a-4b1f-4a8e-9c1d-000000000003', 'Équipe nationale Mandat', NULL, 'NATIONAL', '2026-01-05T09:00:00Z')
ON CONFLICT (id) DO NOTHING;

INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at) VALUES
	('7d2f9a10-0000-4000-8000-000000000001', '5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1001', 'Camille', 'Martin', 'camille.martin@villeneuve.example.fr', 'HABILITATED', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000002', '5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1002', 'Lucas', 'Bernard', 'lucas.bernard@saint-aubin.example.fr', 'HABILITATED', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000003', '5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1003', 'Sophie', 'Petit', 'sophie.petit@villeneuve.example.fr', 'HABILITATED', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000004', '5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1004', 'Hugo', 'Durand', 'hugo.durand@saint-aubin.example.fr', 'HABILITATED', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000005', '5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1005', 'Inès', 'Moreau', 'ines.moreau@mandat.example.fr', 'HABILITATED', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000006', '5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1006', 'Paul', 'Lefebvre', 'paul.lefebvre@mandat.example.fr', 'HABILITATED', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000008', '5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1008', 'Théo', 'Girard', 'theo.girard@saint-aubin.example.fr', 'HABILITATED', '2026-03-02T09:00:00Z')
ON CONFLICT (id) DO NOTHING;

INSERT INTO membership (aidant_id, structure_id, role, since) VALUES
	('7d2f9a10-0000-4000-8000-000000000001', '3c6e0b8a-4b1f-4a8e-9c1d-000000000001', 'AIDANT', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000001', '3c6e0b8a-4b1f-4a8e-9c1d-000000000002', 'AIDANT', '2026-02-01T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000002', '3c6e0b8a-4b1f-4a8e-9c1d-000000000002', 'AIDANT', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000003', '3c6e0b8a-4b1f-4a8e-9c1d-000000000001', 'RESPONSABLE', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000003', '3c6e0b8a-4b1f-4a8e-9c1d-000000000001', 'AIDANT', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000004', '3c6e0b8a-4b1f-4a8e-9c1d-000000000002', 'RESPONSABLE', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000004', '3c6e0b8a-4b1f-4a8e-9c1d-000000000002', 'AIDANT', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000005', '3c6e0b8a-4b1f-4a8e-9c1d-000000000003', 'AUDITEUR', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000006', '3c6e0b8a-4b1f-4a8e-9c1d-000000000003', 'ADMIN', '2026-01-06T09:00:00Z'),
	('7d2f9a10-0000-4000-8000-000000000008', '3c6e0b8a-4b1f-4a8e-9c1d-000000000002', 'AIDANT', '2026-03-02T09:00:00Z')
ON CONFLICT DO NOTHING;

-- Saint-Aubin's mairie offers fewer démarche categories than the others.
UPDATE structure SET demarche_categories = ARRAY['papiers', 'famille', 'social', 'travail', 'logement', 'transports', 'argent', 'loisirs']::VARCHAR(20)[]
	WHERE id = '3c6e0b8a-4b1f-4a8e-9c1d-000000000002';

-- The demo accounts count as active when the demo data is loaded, so the inactivity
-- job (six months without sign-in) leaves them alone.
UPDATE aidant SET last_sign_in_at = now()
	WHERE id::text LIKE '7d2f9a10-0000-4000-8000-%' AND last_sign_in_at IS NULL;
