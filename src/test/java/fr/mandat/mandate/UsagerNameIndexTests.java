package fr.mandat.mandate;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.mandat.signing.PersonalDataProtection;

import static org.assertj.core.api.Assertions.assertThat;

/** How names become words and words become the blind index, without Spring. */
class UsagerNameIndexTests {

	/** Readable "hashes": the context and the word, so the test sees what is hashed. */
	private final UsagerNameIndex index = new UsagerNameIndex(new PersonalDataProtection() {

		@Override
		public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
			throw new UnsupportedOperationException();
		}

		@Override
		public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
			throw new UnsupportedOperationException();
		}

		@Override
		public String pseudonym(String context, String value) {
			return context + ":" + new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
		}

	});

	@Test
	void wordsLoseAccentsCaseLigaturesAndPunctuation() {
		assertThat(UsagerNameIndex.words("Œdipe D’Ébène-Château  Mañana")).containsExactly("oedipe", "d", "ebene",
				"chateau", "manana");
		assertThat(UsagerNameIndex.words("  ")).isEmpty();
		assertThat(UsagerNameIndex.words("a".repeat(40))).containsExactly("a".repeat(UsagerNameIndex.MAX_WORD));
	}

	@Test
	void aNameIsIndexedByTheBeginningsOfItsWordsInItsOwnContext() {
		List<String> hashes = this.index.ofName("Zoé Li");
		assertThat(hashes).containsExactlyInAnyOrder("mandate.usager-name:z", "mandate.usager-name:zo",
				"mandate.usager-name:zoe", "mandate.usager-name:l", "mandate.usager-name:li");
	}

	@Test
	void aQueryLooksForEachOfItsWordsOnce() {
		assertThat(this.index.ofQuery("ZOÉ zoe, Li")).containsExactly("mandate.usager-name:zoe",
				"mandate.usager-name:li");
		assertThat(this.index.ofQuery(" - ")).isEmpty();
		assertThat(this.index.ofQuery("a b c d e f g h i j")).hasSize(UsagerNameIndex.MAX_QUERY_WORDS);
	}

}
