-- Public verifications counted per client and minute, shared by every instance (ADR 0102):
-- behind a load balancer, a per-instance count would let a client make N times the limit.
-- The client is a keyed pseudonym of its address (or /64 network), never the address.
-- UNLOGGED: only the current minute matters, and losing the counts in a crash is harmless.
CREATE UNLOGGED TABLE verification_rate (
	client VARCHAR(64) NOT NULL,
	minute BIGINT NOT NULL,
	attempts INT NOT NULL,
	PRIMARY KEY (client, minute)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON verification_rate TO ${app_role};
