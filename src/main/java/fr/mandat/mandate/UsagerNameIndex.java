package fr.mandat.mandate;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import fr.mandat.signing.PersonalDataProtection;

import org.springframework.stereotype.Component;

/**
 * A blind index of the usager's name on each mandate (ADR 0096): keyed hashes of the
 * beginnings of every word of the name, lower case and without accents, so that the list
 * of mandates filters by name in SQL without decrypting any name. Nobody without the
 * service's pseudonym key can compute a hash from a name.
 */
@Component
class UsagerNameIndex {

	/** Separates these hashes from every other keyed hash made with the same key. */
	static final String CONTEXT = "mandate.usager-name";

	/** Longer words are indexed (and searched) by their first letters only. */
	static final int MAX_WORD = 30;

	/** At most this many words of a query are searched (a name rarely has more). */
	static final int MAX_QUERY_WORDS = 8;

	private final PersonalDataProtection protection;

	UsagerNameIndex(PersonalDataProtection protection) {
		this.protection = protection;
	}

	/** The index of a name: one hash per beginning of each word, distinct. */
	List<String> ofName(String name) {
		Set<String> prefixes = new LinkedHashSet<>();
		for (String word : words(name)) {
			for (int length = 1; length <= word.length(); length++) {
				prefixes.add(word.substring(0, length));
			}
		}
		return prefixes.stream().map(this::hash).sorted().toList();
	}

	/**
	 * What a query must find in a name's index: the hash of each of its words (each must
	 * begin a word of the name). Empty when the query has no word.
	 */
	List<String> ofQuery(String query) {
		return words(query).stream().limit(MAX_QUERY_WORDS).map(this::hash).distinct().toList();
	}

	/**
	 * Lower case, without accents or ligatures, split at anything but letters and digits.
	 */
	static List<String> words(String text) {
		String plain = Normalizer.normalize(text, Normalizer.Form.NFKD)
			.replaceAll("\\p{M}+", "")
			.toLowerCase(Locale.ROOT)
			.replace("œ", "oe")
			.replace("æ", "ae")
			.replace("ß", "ss");
		List<String> words = new ArrayList<>();
		for (String word : plain.split("[^\\p{L}\\p{N}]+")) {
			if (!word.isEmpty()) {
				words.add((word.length() > MAX_WORD) ? word.substring(0, MAX_WORD) : word);
			}
		}
		return words;
	}

	private String hash(String word) {
		return this.protection.pseudonym(CONTEXT, word);
	}

}
