package fr.mandat.identity;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A sensitive action as the person asked for it, kept until they confirm their identity.
 *
 * @param kind which action (one {@link SensitiveActionHandler} carries out each kind)
 * @param object what it acts on (a mandate, a request, a person…)
 * @param parameters what the person chose or typed, by form field
 */
public record SensitiveAction(String kind, String object,
		Map<String, List<String>> parameters) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	public SensitiveAction {
		parameters = Map.copyOf(parameters);
	}

	public SensitiveAction(String kind, String object) {
		this(kind, object, Map.of());
	}

	/** The first value of a parameter, or an empty string. */
	public String parameter(String name) {
		List<String> values = this.parameters.getOrDefault(name, List.of());
		return values.isEmpty() ? "" : values.get(0);
	}

	public List<String> parameters(String name) {
		return this.parameters.getOrDefault(name, List.of());
	}

}
