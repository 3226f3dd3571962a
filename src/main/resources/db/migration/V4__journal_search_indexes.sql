-- Auditors search the journal newest first, by one criterion or a few: each index
-- ends with (recorded_at, id) so keyset pagination stays an index range scan.
CREATE INDEX journal_entry_time_ix ON journal_entry (recorded_at DESC, id DESC);
CREATE INDEX journal_entry_structure_ix ON journal_entry (structure_id, recorded_at DESC, id DESC);
CREATE INDEX journal_entry_actor_ix ON journal_entry (actor_id, recorded_at DESC, id DESC);
CREATE INDEX journal_entry_usager_ix ON journal_entry (usager_ref, recorded_at DESC, id DESC);
CREATE INDEX journal_entry_demarche_ix ON journal_entry (demarche, recorded_at DESC, id DESC);
CREATE INDEX journal_entry_action_ix ON journal_entry (action, recorded_at DESC, id DESC);
