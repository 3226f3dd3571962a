package fr.mandat.structure;

import org.jspecify.annotations.Nullable;

/** A rule about staff refused the change; the message is in French. */
public class StaffRuleException extends RuntimeException {

	private final @Nullable String field;

	StaffRuleException(@Nullable String field, String message) {
		super(message);
		this.field = field;
	}

	/** Never null: every constructor takes a message (a French one, shown to people). */
	@Override
	public String getMessage() {
		return java.util.Objects.requireNonNull(super.getMessage());
	}

	@Nullable String field() {
		return this.field;
	}

}
