-- The journal (RFC 9162 Merkle tree with signed checkpoints). Entries are written in
-- the business transaction; the sequencer gives them consecutive indexes, stores the
-- tree's perfect subtrees and signs checkpoints. Everything but the queue of entries
-- waiting for an index is insert-only: triggers refuse UPDATE, DELETE and TRUNCATE,
-- and the runtime role may only SELECT and INSERT.
CREATE TABLE journal_entry (
	id UUID PRIMARY KEY,
	recorded_at TIMESTAMPTZ NOT NULL,
	action VARCHAR(60) NOT NULL,
	actor_type VARCHAR(20) NOT NULL,
	actor_id VARCHAR(100),
	structure_id UUID,
	mandate_id UUID,
	usager_ref VARCHAR(100),
	demarche VARCHAR(100),
	payload TEXT NOT NULL
);

CREATE TABLE journal_pending (
	seq BIGSERIAL PRIMARY KEY,
	entry_id UUID NOT NULL UNIQUE REFERENCES journal_entry (id)
);

CREATE TABLE journal_leaf (
	idx BIGINT PRIMARY KEY CHECK (idx >= 0),
	entry_id UUID NOT NULL UNIQUE REFERENCES journal_entry (id),
	leaf_hash BYTEA NOT NULL CHECK (octet_length(leaf_hash) = 32)
);

CREATE TABLE journal_node (
	level SMALLINT NOT NULL CHECK (level BETWEEN 0 AND 63),
	idx BIGINT NOT NULL CHECK (idx >= 0),
	hash BYTEA NOT NULL CHECK (octet_length(hash) = 32),
	PRIMARY KEY (level, idx)
);

CREATE TABLE journal_checkpoint (
	tree_size BIGINT PRIMARY KEY CHECK (tree_size > 0),
	root_hash BYTEA NOT NULL CHECK (octet_length(root_hash) = 32),
	signed_note TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);

CREATE FUNCTION journal_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'Le journal est en ajout seul : % refusé sur %', TG_OP, TG_TABLE_NAME
		USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER journal_entry_insert_only BEFORE UPDATE OR DELETE ON journal_entry
	FOR EACH ROW EXECUTE FUNCTION journal_insert_only();
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
	FOR EACH STATEMENT EXECUTE FUNCTION journal_insert_only();
CREATE TRIGGER journal_leaf_insert_only BEFORE UPDATE OR DELETE ON journal_leaf
	FOR EACH ROW EXECUTE FUNCTION journal_insert_only();
CREATE TRIGGER journal_leaf_no_truncate BEFORE TRUNCATE ON journal_leaf
	FOR EACH STATEMENT EXECUTE FUNCTION journal_insert_only();
CREATE TRIGGER journal_node_insert_only BEFORE UPDATE OR DELETE ON journal_node
	FOR EACH ROW EXECUTE FUNCTION journal_insert_only();
CREATE TRIGGER journal_node_no_truncate BEFORE TRUNCATE ON journal_node
	FOR EACH STATEMENT EXECUTE FUNCTION journal_insert_only();
CREATE TRIGGER journal_checkpoint_insert_only BEFORE UPDATE OR DELETE ON journal_checkpoint
	FOR EACH ROW EXECUTE FUNCTION journal_insert_only();
CREATE TRIGGER journal_checkpoint_no_truncate BEFORE TRUNCATE ON journal_checkpoint
	FOR EACH STATEMENT EXECUTE FUNCTION journal_insert_only();

GRANT SELECT, INSERT ON journal_entry, journal_leaf, journal_node, journal_checkpoint TO ${app_role};
GRANT SELECT, INSERT, DELETE ON journal_pending TO ${app_role};
GRANT USAGE ON SEQUENCE journal_pending_seq_seq TO ${app_role};
