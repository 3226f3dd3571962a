package fr.mandat.mandate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A mandate rule refused the action; the message is in French, for the person at the
 * counter.
 *
 * @see #field() the form field the message belongs beside, if any
 */
public class MandateRuleException extends RuntimeException {

	private final @Nullable String field;

	private final Map<String, String> others;

	MandateRuleException(@Nullable String field, String message) {
		this(field, message, Map.of());
	}

	private MandateRuleException(@Nullable String field, String message, Map<String, String> others) {
		super(message);
		this.field = field;
		this.others = Map.copyOf(others);
	}

	/** Several fields refused at once, so the page shows every message together. */
	static MandateRuleException ofFields(Map<String, String> errors) {
		var first = errors.entrySet().iterator().next();
		Map<String, String> others = new LinkedHashMap<>(errors);
		others.remove(first.getKey());
		return new MandateRuleException(first.getKey(), first.getValue(), others);
	}

	/** Never null: every constructor takes a message (a French one, shown to people). */
	@Override
	public String getMessage() {
		return java.util.Objects.requireNonNull(super.getMessage());
	}

	@Nullable String field() {
		return this.field;
	}

	/** Every field's message, this one's first. */
	Map<String, String> errors() {
		Map<String, String> all = new LinkedHashMap<>();
		if (this.field != null) {
			all.put(this.field, getMessage());
		}
		all.putAll(this.others);
		return all;
	}

}
