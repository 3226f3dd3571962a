package fr.mandat.mandate;

import org.jspecify.annotations.Nullable;

/**
 * A mandate rule refused the action; the message is in French, for the person at the
 * counter.
 *
 * @see #field() the form field the message belongs beside, if any
 */
class MandateRuleException extends RuntimeException {

	private final @Nullable String field;

	MandateRuleException(@Nullable String field, String message) {
		super(message);
		this.field = field;
	}

	@Nullable String field() {
		return this.field;
	}

}
