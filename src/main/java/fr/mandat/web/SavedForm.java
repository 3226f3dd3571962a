package fr.mandat.web;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a person had typed in a form when their session ended before they sent it: kept in
 * the new session, for a short time, to be put back in the same form once they have
 * signed in again. Never the CSRF token, never a secret field; sizes capped.
 *
 * @param path the form's page (path and query), where the input goes back
 * @param input the fields, by name
 */
public record SavedForm(String path, Map<String, List<String>> input, Instant savedAt) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/** The session attribute that holds it. */
	public static final String ATTRIBUTE = "mandat.savedForm";

	/** How long the input waits for the person to sign in again. */
	public static final Duration LIFETIME = Duration.ofMinutes(10);

	static final int MAX_FIELDS = 50;

	static final int MAX_VALUES = 20;

	static final int MAX_LENGTH = 2000;

	/** Never kept, whatever the form. */
	private static final Set<String> SECRET_NAMES = Set.of("_csrf", "password", "motdepasse", "mot-de-passe", "otp",
			"totp", "code", "secret");

	public SavedForm {
		input = Map.copyOf(input);
	}

	/** The fields of a request worth putting back, secrets left out, sizes capped. */
	public static Map<String, List<String>> input(HttpServletRequest request) {
		Map<String, List<String>> kept = new LinkedHashMap<>();
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			String name = parameter.getKey();
			if (kept.size() >= MAX_FIELDS || name.length() > 100 || SECRET_NAMES.contains(name.toLowerCase())) {
				continue;
			}
			List<String> values = java.util.Arrays.stream(parameter.getValue())
				.limit(MAX_VALUES)
				.map(value -> (value.length() > MAX_LENGTH) ? value.substring(0, MAX_LENGTH) : value)
				.toList();
			kept.put(name, values);
		}
		return kept;
	}

	public boolean isExpired(Instant now) {
		return now.isAfter(this.savedAt.plus(LIFETIME));
	}

}
