package fr.mandat.structure;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The small words French puts before a name: « de la Mairie de Saint-Aubin », « du Centre
 * social », « de l’Équipe nationale », « d’Élodie ». Structure names carry no grammatical
 * gender in the data, so it is read from their first word (the common nouns structures
 * are named after); a name that does not start with one of them (« France Services de
 * Villeneuve ») is a proper name and takes no article.
 */
public final class French {

	private static final Set<String> FEMININE = Set.of("agence", "antenne", "association", "bibliotheque", "caisse",
			"communaute", "direction", "equipe", "federation", "maison", "mairie", "mediatheque", "mission", "mutuelle",
			"permanence", "plateforme", "prefecture", "regie", "sous-prefecture", "structure", "union");

	private static final Set<String> MASCULINE = Set.of("bureau", "ccas", "centre", "cias", "comite", "conseil",
			"departement", "espace", "foyer", "guichet", "point", "pole", "relais", "secours", "service");

	private French() {
	}

	/** « de Camille Martin », « d’Élodie Roux ». */
	public static String of(String name) {
		return startsWithVowel(name) ? "d’" + name : "de " + name;
	}

	/** « de la Mairie de Saint-Aubin », « du Centre social », « de France Services ». */
	public static String ofStructure(String name) {
		String the = theStructure(name);
		return the.startsWith("le ") ? "du " + the.substring(3) : "de " + the;
	}

	/** « la Mairie de Saint-Aubin », « l’Équipe nationale », « France Services ». */
	public static String theStructure(String name) {
		String first = plain(name.strip().split("[\\s’']", 2)[0]);
		boolean feminine = FEMININE.contains(first);
		if (!feminine && !MASCULINE.contains(first)) {
			return name;
		}
		if (startsWithVowel(name)) {
			return "l’" + name;
		}
		return (feminine ? "la " : "le ") + name;
	}

	private static boolean startsWithVowel(String name) {
		String plain = plain(name.strip());
		return !plain.isEmpty() && "aeiou".indexOf(plain.charAt(0)) >= 0;
	}

	private static String plain(String word) {
		return Normalizer.normalize(word, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.FRANCE);
	}

}
