package fr.mandat.journal.proof;

import fr.mandat.journal.proof.Tiles.Tile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Tile addresses and extents as C2SP tlog-tiles writes them. */
class TilesTests {

	@Test
	void encodesIndexesInGroupsOfThreeDigits() {
		assertThat(Tiles.encodeIndex(1234067)).isEqualTo("x001/x234/067");
		assertThat(Tiles.encodeIndex(0)).isEqualTo("000");
		assertThat(Tiles.encodeIndex(999)).isEqualTo("999");
		assertThat(Tiles.encodeIndex(1000)).isEqualTo("x001/000");
		assertThat(new Tile(2, 1234067, 17).path()).isEqualTo("2/x001/x234/067.p/17");
	}

	@Test
	void parsesOnlyCanonicalPaths() {
		assertThat(Tiles.parse("0/x001/x234/067")).isEqualTo(new Tile(0, 1234067, 256));
		assertThat(Tiles.parse("1/000.p/255")).isEqualTo(new Tile(1, 0, 255));
		for (String bad : new String[] { "00/000", "0/0001", "0/1", "0/x000/001", "0/001/002", "0/000.p/0",
				"0/000.p/256", "0/000.p/01", "8/000", "entries/000", "0/x001", "-1/000" }) {
			assertThatIllegalArgumentException().as(bad).isThrownBy(() -> Tiles.parse(bad));
		}
	}

	@Test
	void knowsWhichTilesATreeHolds() {
		// The specification's example: a tree of 70,000 leaves.
		long size = 70_000;
		assertThat(new Tile(0, 272, 256).within(size)).isTrue();
		assertThat(new Tile(0, 273, 112).within(size)).isTrue();
		assertThat(new Tile(0, 273, 113).within(size)).isFalse();
		assertThat(new Tile(0, 273, 256).within(size)).isFalse();
		assertThat(new Tile(1, 0, 256).within(size)).isTrue();
		assertThat(new Tile(1, 1, 17).within(size)).isTrue();
		assertThat(new Tile(2, 0, 1).within(size)).isTrue();
		assertThat(new Tile(2, 0, 2).within(size)).isFalse();
		assertThat(new Tile(1, 0, 1).within(256)).isTrue();
	}

}
