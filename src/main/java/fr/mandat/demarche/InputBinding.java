package fr.mandat.demarche;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the aidant typed, once bound: a valid input record, or French messages. */
public sealed interface InputBinding {

	/** The input record, validated. */
	record Valid(Record input) implements InputBinding {

	}

	/**
	 * @param errors one French message per field name, in the form's order
	 */
	record Invalid(Map<String, String> errors) implements InputBinding {

		public Invalid {
			errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
		}

	}

}
