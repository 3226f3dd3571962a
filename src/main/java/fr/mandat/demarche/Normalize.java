package fr.mandat.demarche;

import org.jspecify.annotations.Nullable;

/** What input records do to values before validation: people type identifiers loosely. */
final class Normalize {

	private Normalize() {
	}

	/** Without any white space (including no-break spaces), as in « 12 34 567 ». */
	static @Nullable String withoutSpaces(@Nullable String value) {
		return (value != null) ? value.replaceAll("[\\s\\u00A0\\u202F]", "") : null;
	}

	/** Upper case, without spaces. */
	static @Nullable String upperCaseWithoutSpaces(@Nullable String value) {
		String compact = withoutSpaces(value);
		return (compact != null) ? compact.toUpperCase(java.util.Locale.ROOT) : null;
	}

}
