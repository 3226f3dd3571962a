package fr.mandat.structure;

import org.jspecify.annotations.Nullable;

/** A rule about staff refused the change; the message is in French. */
class StaffRuleException extends RuntimeException {

	private final @Nullable String field;

	StaffRuleException(@Nullable String field, String message) {
		super(message);
		this.field = field;
	}

	@Nullable String field() {
		return this.field;
	}

}
