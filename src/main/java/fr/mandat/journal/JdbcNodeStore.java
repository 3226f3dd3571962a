package fr.mandat.journal;

import fr.mandat.journal.proof.NodeStore;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The tree's perfect subtrees, as the sequencer stored them. */
final class JdbcNodeStore implements NodeStore {

	private final JdbcClient jdbc;

	JdbcNodeStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public byte[] node(int level, long index) {
		return this.jdbc.sql("SELECT hash FROM journal_node WHERE level = :level AND idx = :idx")
			.param("level", level)
			.param("idx", index)
			.query(byte[].class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("Missing tree node " + level + "/" + index));
	}

}
