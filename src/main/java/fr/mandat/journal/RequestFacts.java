package fr.mandat.journal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a journal entry may copy from an HTTP request: the method and the path, capped and
 * stripped of control characters. The journal is insert-only and kept for years; nothing
 * a caller sends may grow an entry beyond these bounds (no query string, no headers).
 */
public final class RequestFacts {

	/** The longest path an entry keeps; longer ones are cut and marked with « … ». */
	public static final int MAX_PATH = 200;

	/** The longest method name an entry keeps (standard methods are at most 7). */
	public static final int MAX_METHOD = 10;

	private RequestFacts() {
	}

	/** {@code method} and {@code path}, capped, for an entry's payload. */
	public static Map<String, Object> of(@Nullable String method, @Nullable String path) {
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("method", cap(method, MAX_METHOD));
		facts.put("path", cap(path, MAX_PATH));
		return facts;
	}

	/**
	 * A value as an entry may keep it: printable characters only, at most {@code max}.
	 */
	public static String cap(@Nullable String value, int max) {
		if (value == null) {
			return "";
		}
		StringBuilder kept = new StringBuilder(Math.min(value.length(), max + 1));
		for (int i = 0; i < value.length() && kept.length() <= max; i++) {
			char c = value.charAt(i);
			kept.append(Character.isISOControl(c) ? '?' : c);
		}
		if (kept.length() > max) {
			kept.setLength(max - 1);
			if (kept.length() > 0 && Character.isHighSurrogate(kept.charAt(kept.length() - 1))) {
				kept.setLength(kept.length() - 1);
			}
			kept.append('…');
		}
		return kept.toString();
	}

}
