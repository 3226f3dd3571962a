package fr.mandat.structure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A person brought into Mandat, as validated from a {@link PersonForm}: names stripped
 * and bounded, the e-mail address lower-cased and well-formed.
 */
record Person(String givenName, String familyName, String email) {

	static final int MAX_NAME = 100;

	static final int MAX_EMAIL = 254;

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

	/**
	 * The person a form describes.
	 * @throws InvalidPersonException with a French message per field
	 */
	static Person of(PersonForm form) {
		Map<String, String> errors = new LinkedHashMap<>();
		String given = name(form.givenName(), "prenom", "le prénom", errors);
		String family = name(form.familyName(), "nom", "le nom", errors);
		String email = (form.email() != null) ? form.email().strip().toLowerCase(Locale.ROOT) : "";
		if (email.isEmpty()) {
			errors.put("email", "Indiquez l'adresse e-mail professionnelle.");
		}
		else if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
			errors.put("email", "Saisissez une adresse e-mail valide, par exemple prenom.nom@mairie.fr.");
		}
		if (!errors.isEmpty()) {
			throw new InvalidPersonException(errors);
		}
		return new Person(given, family, email);
	}

	private static String name(@Nullable String value, String field, String what, Map<String, String> errors) {
		String stripped = (value != null) ? value.strip() : "";
		if (stripped.isEmpty()) {
			errors.put(field, "Indiquez " + what + ".");
		}
		else if (stripped.length() > MAX_NAME) {
			errors.put(field, "Ce champ ne doit pas dépasser " + MAX_NAME + " caractères.");
		}
		else if (stripped.chars().anyMatch(Character::isISOControl)) {
			errors.put(field, "Ce champ contient des caractères non permis.");
		}
		return stripped;
	}

}
