package fr.mandat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the tables that SQL text names, and the string literals of Java source where that
 * SQL lives. Deliberately small: it knows where a table name may stand in the SQL this
 * project writes ({@code FROM a x, b y}, {@code JOIN}, {@code INSERT INTO},
 * {@code UPDATE}, {@code DELETE FROM}, {@code TABLE}, {@code TRUNCATE}, {@code COPY}), so
 * that column names ({@code usager_id}), named parameters ({@code :structure}) and French
 * words in messages (« votre structure ») are never taken for tables.
 */
final class SqlTableReferences {

	/** Words after which a table name stands. */
	private static final Set<String> BEFORE_TABLE = Set.of("FROM", "JOIN", "INTO", "UPDATE", "TABLE", "TRUNCATE",
			"COPY", "USING");

	/** Words that end a table reference (never an alias). */
	private static final Set<String> KEYWORDS = Set.of("WHERE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL",
			"CROSS", "NATURAL", "LATERAL", "ON", "USING", "SET", "VALUES", "SELECT", "ORDER", "GROUP", "HAVING",
			"LIMIT", "OFFSET", "FOR", "RETURNING", "UNION", "EXCEPT", "INTERSECT", "WINDOW", "AS", "DEFAULT", "WITH",
			"ONLY", "AND", "OR", "NOT", "IN", "IS", "DO", "FETCH", "TABLESAMPLE", "OF", "SKIP", "NOWAIT");

	private SqlTableReferences() {
	}

	/** The (lower-case, unqualified) names that stand where a table stands. */
	static Set<String> tablesNamed(String sql) {
		List<String> tokens = tokens(sql);
		Set<String> tables = new LinkedHashSet<>();
		for (int i = 0; i < tokens.size(); i++) {
			String keyword = tokens.get(i).toUpperCase(Locale.ROOT);
			if (!BEFORE_TABLE.contains(keyword)) {
				continue;
			}
			boolean list = keyword.equals("FROM") || keyword.equals("USING");
			int next = i + 1;
			while (next < tokens.size()) {
				if (tokens.get(next).equalsIgnoreCase("ONLY") || tokens.get(next).equalsIgnoreCase("LATERAL")) {
					next++;
					continue;
				}
				String name = tokens.get(next);
				if (!isWord(name) || KEYWORDS.contains(name.toUpperCase(Locale.ROOT))) {
					break;
				}
				tables.add(unqualified(name));
				next++;
				// An optional alias, then a comma for another table of a FROM list.
				if (next < tokens.size() && tokens.get(next).equalsIgnoreCase("AS")) {
					next++;
				}
				if (next < tokens.size() && isWord(tokens.get(next))
						&& !KEYWORDS.contains(tokens.get(next).toUpperCase(Locale.ROOT))) {
					next++;
				}
				if (!list || next >= tokens.size() || !tokens.get(next).equals(",")) {
					break;
				}
				next++;
			}
		}
		return tables;
	}

	/**
	 * The string literals of a Java source file (plain strings and text blocks, with
	 * their escapes undone); comments and character literals are skipped.
	 */
	static List<String> stringLiterals(String java) {
		List<String> literals = new ArrayList<>();
		int i = 0;
		int n = java.length();
		while (i < n) {
			char c = java.charAt(i);
			if (java.startsWith("//", i)) {
				int end = java.indexOf('\n', i);
				i = (end < 0) ? n : end + 1;
			}
			else if (java.startsWith("/*", i)) {
				int end = java.indexOf("*/", i + 2);
				i = (end < 0) ? n : end + 2;
			}
			else if (java.startsWith("\"\"\"", i)) {
				StringBuilder text = new StringBuilder();
				i += 3;
				while (i < n && !java.startsWith("\"\"\"", i)) {
					if (java.charAt(i) == '\\' && i + 1 < n) {
						text.append(unescape(java.charAt(i + 1)));
						i += 2;
					}
					else {
						text.append(java.charAt(i++));
					}
				}
				literals.add(text.toString());
				i += 3;
			}
			else if (c == '"') {
				StringBuilder text = new StringBuilder();
				i++;
				while (i < n && java.charAt(i) != '"') {
					if (java.charAt(i) == '\\' && i + 1 < n) {
						text.append(unescape(java.charAt(i + 1)));
						i += 2;
					}
					else {
						text.append(java.charAt(i++));
					}
				}
				literals.add(text.toString());
				i++;
			}
			else if (c == '\'') {
				// A character literal: '"' must not open a string.
				i += (i + 1 < n && java.charAt(i + 1) == '\\') ? 4 : 3;
				while (i < n && java.charAt(i - 1) != '\'') {
					i++;
				}
			}
			else {
				i++;
			}
		}
		return literals;
	}

	private static char unescape(char escaped) {
		return switch (escaped) {
			case 'n' -> '\n';
			case 't' -> '\t';
			case 'r' -> '\r';
			default -> escaped;
		};
	}

	/**
	 * Words, and punctuation one character at a time; SQL strings and comments skipped.
	 */
	private static List<String> tokens(String sql) {
		List<String> tokens = new ArrayList<>();
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (sql.startsWith("--", i)) {
				int end = sql.indexOf('\n', i);
				i = (end < 0) ? n : end + 1;
			}
			else if (c == '\'') {
				int end = sql.indexOf('\'', i + 1);
				i = (end < 0) ? n : end + 1;
				tokens.add("'");
			}
			else if (c == '"') {
				int end = sql.indexOf('"', i + 1);
				tokens.add((end < 0) ? "\"" : sql.substring(i + 1, end));
				i = (end < 0) ? n : end + 1;
			}
			else if (Character.isLetter(c) || c == '_') {
				int start = i;
				while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
						|| sql.charAt(i) == '.' || sql.charAt(i) == '$')) {
					i++;
				}
				tokens.add(sql.substring(start, i));
			}
			else {
				tokens.add(String.valueOf(c));
				i++;
			}
		}
		return tokens;
	}

	private static boolean isWord(String token) {
		return !token.isEmpty() && (Character.isLetter(token.charAt(0)) || token.charAt(0) == '_');
	}

	private static String unqualified(String name) {
		return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
	}

}
