-- Witnessed checkpoints (C2SP tlog-witness, tlog-cosignature). Each cosignature a
-- witness returned is kept, insert-only like the rest of the journal, with the root it
-- cosigned: a checkpoint counts as witnessed when enough configured witnesses cosigned
-- its size and root. journal_witness is operational state (what each witness last told
-- us), updated in place.
CREATE TABLE journal_cosignature (
	tree_size BIGINT NOT NULL CHECK (tree_size > 0),
	root_hash BYTEA NOT NULL CHECK (octet_length(root_hash) = 32),
	witness VARCHAR(200) NOT NULL,
	signature_line TEXT NOT NULL,
	cosigned_at TIMESTAMPTZ NOT NULL,
	received_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (tree_size, witness)
);

CREATE INDEX journal_cosignature_witness_ix ON journal_cosignature (witness, tree_size DESC);

CREATE TRIGGER journal_cosignature_insert_only BEFORE UPDATE OR DELETE ON journal_cosignature
	FOR EACH ROW EXECUTE FUNCTION journal_insert_only();
CREATE TRIGGER journal_cosignature_no_truncate BEFORE TRUNCATE ON journal_cosignature
	FOR EACH STATEMENT EXECUTE FUNCTION journal_insert_only();

-- Checkpoints that met the witness policy, with the cosignatures that met it: the
-- largest one is the public checkpoint (/journal/checkpoint).
CREATE TABLE journal_witnessed (
	tree_size BIGINT PRIMARY KEY CHECK (tree_size > 0),
	root_hash BYTEA NOT NULL CHECK (octet_length(root_hash) = 32),
	cosigned_note TEXT NOT NULL,
	witnessed_at TIMESTAMPTZ NOT NULL
);

CREATE TRIGGER journal_witnessed_insert_only BEFORE UPDATE OR DELETE ON journal_witnessed
	FOR EACH ROW EXECUTE FUNCTION journal_insert_only();
CREATE TRIGGER journal_witnessed_no_truncate BEFORE TRUNCATE ON journal_witnessed
	FOR EACH STATEMENT EXECUTE FUNCTION journal_insert_only();

CREATE TABLE journal_witness (
	witness VARCHAR(200) PRIMARY KEY,
	-- The size of the latest checkpoint this witness cosigned, as far as we know.
	known_size BIGINT NOT NULL DEFAULT 0 CHECK (known_size >= 0),
	last_success_at TIMESTAMPTZ,
	last_failure_at TIMESTAMPTZ,
	failures INT NOT NULL DEFAULT 0,
	-- What went wrong last, in French, for the auditors' page; null once it works again.
	problem VARCHAR(1000),
	-- A refusal that says the journal is not what the witness saw (rollback, fork).
	alarm BOOLEAN NOT NULL DEFAULT false
);

GRANT SELECT, INSERT ON journal_cosignature, journal_witnessed TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON journal_witness TO ${app_role};
