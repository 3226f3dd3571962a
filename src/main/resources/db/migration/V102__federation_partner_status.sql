-- Partner sites: the admins' decision to disable one (issue 15, ADR 0112). The sites
-- themselves (client id, keys, redirect addresses, categories) stay in the configuration;
-- a site without a row here is enabled.
CREATE TABLE federation_partner_status (
	client_id VARCHAR(100) PRIMARY KEY,
	enabled BOOLEAN NOT NULL,
	changed_by UUID NOT NULL,
	changed_at TIMESTAMPTZ NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE ON federation_partner_status TO ${app_role};
