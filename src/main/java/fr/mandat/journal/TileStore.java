package fr.mandat.journal;

import java.util.List;
import java.util.Optional;

import fr.mandat.journal.proof.Tiles.Tile;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hash tiles (C2SP tlog-tiles) read from the stored perfect subtrees: tile {@code L/N} of
 * width {@code W} is the concatenation of {@code node(8 L, 256 N + i)} for {@code i < W}.
 * Only what the latest signed checkpoint covers is served.
 */
@Component
class TileStore {

	private final JdbcClient jdbc;

	TileStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<byte[]> tile(Tile tile) {
		long signed = this.jdbc.sql("SELECT coalesce(max(tree_size), 0) FROM journal_checkpoint")
			.query(Long.class)
			.single();
		if (!tile.within(signed)) {
			return Optional.empty();
		}
		List<byte[]> hashes = this.jdbc
			.sql("SELECT hash FROM journal_node WHERE level = :level AND idx >= :first AND idx < :end ORDER BY idx")
			.param("level", tile.nodeLevel())
			.param("first", tile.firstNode())
			.param("end", tile.firstNode() + tile.width())
			.query(byte[].class)
			.list();
		if (hashes.size() != tile.width()) {
			throw new IllegalStateException("Tree nodes missing under tile " + tile.path());
		}
		byte[] bytes = new byte[tile.width() * 32];
		for (int i = 0; i < hashes.size(); i++) {
			System.arraycopy(hashes.get(i), 0, bytes, i * 32, 32);
		}
		return Optional.of(bytes);
	}

}
