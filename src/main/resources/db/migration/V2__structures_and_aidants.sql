-- Structures, the people who work in them, and their roles there. A person signs in
-- through Keycloak; the token's subject links them to their aidant record.
CREATE TABLE structure (
	id UUID PRIMARY KEY,
	name VARCHAR(200) NOT NULL,
	siret CHAR(14) UNIQUE,
	kind VARCHAR(40) NOT NULL CHECK (kind IN ('FRANCE_SERVICES', 'MAIRIE', 'CCAS', 'ASSOCIATION', 'NATIONAL', 'OTHER')),
	created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE aidant (
	id UUID PRIMARY KEY,
	subject VARCHAR(255) NOT NULL UNIQUE,
	given_name VARCHAR(100) NOT NULL,
	family_name VARCHAR(100) NOT NULL,
	email VARCHAR(320) NOT NULL UNIQUE,
	state VARCHAR(20) NOT NULL CHECK (state IN ('REQUESTED', 'IN_TRAINING', 'HABILITATED', 'DEACTIVATED')),
	created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE membership (
	aidant_id UUID NOT NULL REFERENCES aidant (id),
	structure_id UUID NOT NULL REFERENCES structure (id),
	role VARCHAR(20) NOT NULL CHECK (role IN ('AIDANT', 'RESPONSABLE', 'AUDITEUR', 'ADMIN')),
	since TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (aidant_id, structure_id, role)
);

CREATE INDEX membership_structure_ix ON membership (structure_id);

GRANT SELECT, INSERT, UPDATE ON structure, aidant TO ${app_role};
GRANT SELECT, INSERT, DELETE ON membership TO ${app_role};
