package fr.mandat.journal.proof;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Addresses of C2SP tlog-tiles: tile {@code N} at level {@code L} holds the 256 (or, when
 * partial, {@code W < 256}) consecutive hashes of perfect subtrees of height {@code 8 L}
 * starting at subtree {@code 256 N}. In {@link NodeStore} terms, hash {@code i} of the
 * tile is {@code node(8 L, 256 N + i)}.
 */
public final class Tiles {

	public static final int HEIGHT = 8;

	public static final int WIDTH = 1 << HEIGHT;

	private static final Pattern PATH = Pattern
		.compile("(0|[1-9][0-9]?)/((?:x[0-9]{3}/)*[0-9]{3})(?:\\.p/([1-9][0-9]{0,2}))?");

	private Tiles() {
	}

	/** A tile's coordinates; {@code width} is 256 for a full tile. */
	public record Tile(int level, long index, int width) {

		public Tile {
			if (level < 0 || level > 63 / HEIGHT) {
				throw new IllegalArgumentException("A tile level is between 0 and " + (63 / HEIGHT));
			}
			if (index < 0) {
				throw new IllegalArgumentException("A tile index cannot be negative");
			}
			if (width < 1 || width > WIDTH) {
				throw new IllegalArgumentException("A tile is 1 to 256 hashes wide");
			}
		}

		public boolean partial() {
			return this.width < WIDTH;
		}

		/** The level of the stored subtrees this tile lists. */
		public int nodeLevel() {
			return this.level * HEIGHT;
		}

		/** The index (at {@link #nodeLevel()}) of the tile's first hash. */
		public long firstNode() {
			return this.index * WIDTH;
		}

		/**
		 * Whether a tree of this size holds the whole tile: as many hashes as its width
		 * at this level (for a partial tile, exactly its width in the last tile).
		 */
		public boolean within(long treeSize) {
			long nodes = treeSize >> nodeLevel();
			return firstNode() + this.width <= nodes;
		}

		/** The path below {@code tile/}: {@code L/x001/x234/067[.p/W]}. */
		public String path() {
			return this.level + "/" + encodeIndex(this.index) + (partial() ? ".p/" + this.width : "");
		}

	}

	/** {@code 1234067} → {@code x001/x234/067}. */
	public static String encodeIndex(long index) {
		String digits = Long.toString(index);
		int groups = (digits.length() + 2) / 3;
		String padded = "0".repeat(groups * 3 - digits.length()) + digits;
		StringBuilder path = new StringBuilder();
		for (int i = 0; i < groups; i++) {
			if (i > 0) {
				path.append('/');
			}
			if (i < groups - 1) {
				path.append('x');
			}
			path.append(padded, i * 3, i * 3 + 3);
		}
		return path.toString();
	}

	/**
	 * Reads {@code L/N[.p/W]} (the part after {@code tile/}), as the specification writes
	 * it: no extra leading zeros, every group of three digits but the last prefixed by x.
	 * @throws IllegalArgumentException if it is not a tile path
	 */
	public static Tile parse(String path) {
		Matcher matcher = PATH.matcher(path);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a tile path: " + path);
		}
		int level = Integer.parseInt(matcher.group(1));
		String[] groups = matcher.group(2).split("/");
		if (groups.length > 7) {
			throw new IllegalArgumentException("Tile index too large");
		}
		StringBuilder digits = new StringBuilder();
		for (String group : groups) {
			digits.append(group.startsWith("x") ? group.substring(1) : group);
		}
		if (groups.length > 1 && groups[0].equals("x000")) {
			throw new IllegalArgumentException("A tile index has no leading zero group");
		}
		long index = Long.parseLong(digits.toString());
		int width = (matcher.group(3) != null) ? Integer.parseInt(matcher.group(3)) : WIDTH;
		if ((matcher.group(3) != null && width >= WIDTH) || level > 63 / HEIGHT) {
			throw new IllegalArgumentException("Not a tile path: " + path);
		}
		return new Tile(level, index, width);
	}

}
