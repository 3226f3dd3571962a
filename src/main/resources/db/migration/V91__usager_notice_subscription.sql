-- Usagers who asked to receive their notices by e-mail (issue 14, ADR 0104). The address is
-- personal data: AES-GCM encrypted, bound to the pseudonym; the row goes when the usager's
-- data is erased. notified_until: the notices up to that moment have been sent.
CREATE TABLE usager_notice_subscription (
	pseudonym VARCHAR(64) PRIMARY KEY,
	email BYTEA NOT NULL,
	subscribed_at TIMESTAMPTZ NOT NULL,
	notified_until TIMESTAMPTZ NOT NULL
);

CREATE INDEX usager_notice_subscription_due_ix ON usager_notice_subscription (notified_until);

GRANT SELECT, INSERT, UPDATE, DELETE ON usager_notice_subscription TO ${app_role};
