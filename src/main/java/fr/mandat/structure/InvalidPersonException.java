package fr.mandat.structure;

import java.util.Map;

/** A form for a new person was refused: a French message per field. */
class InvalidPersonException extends RuntimeException {

	private final Map<String, String> errors;

	InvalidPersonException(Map<String, String> errors) {
		super("Invalid person");
		this.errors = Map.copyOf(errors);
	}

	Map<String, String> errors() {
		return this.errors;
	}

}
