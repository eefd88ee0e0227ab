package dev.hardening.autoconfigure.jdbc;

import java.util.regex.Pattern;

/**
 * The shape of a statement: its SQL with string and number literals replaced by {@code ?}, IN
 * lists collapsed to one {@code ?}, and whitespace collapsed, so that the same query with other
 * values has the same shape, and no value reaches a log line.
 */
final class StatementShapes {

	private static final int MAX_LENGTH = 300;

	private static final Pattern LIST = Pattern.compile("\\(\\s*\\?(\\s*,\\s*\\?)+\\s*\\)");

	private StatementShapes() {
	}

	static String of(String sql) {
		StringBuilder out = new StringBuilder(Math.min(sql.length(), MAX_LENGTH + 16));
		int length = sql.length();
		int i = 0;
		boolean space = false;
		while (i < length && out.length() < MAX_LENGTH) {
			char c = sql.charAt(i);
			if (c == '\'') {
				i = skipQuoted(sql, i);
				appendPlaceholder(out, space);
				space = false;
				continue;
			}
			if (Character.isDigit(c) && (out.length() == 0 || !isWordChar(out.charAt(out.length() - 1)))) {
				while (i < length && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
					i++;
				}
				appendPlaceholder(out, space);
				space = false;
				continue;
			}
			if (Character.isWhitespace(c)) {
				space = out.length() > 0;
				i++;
				continue;
			}
			if (space) {
				out.append(' ');
				space = false;
			}
			out.append(c);
			i++;
		}
		String shape = collapseLists(out.toString());
		return (i < length) ? shape + " …" : shape;
	}

	private static int skipQuoted(String sql, int start) {
		int i = start + 1;
		while (i < sql.length()) {
			if (sql.charAt(i) == '\'') {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return i;
	}

	private static void appendPlaceholder(StringBuilder out, boolean space) {
		if (space) {
			out.append(' ');
		}
		out.append('?');
	}

	private static boolean isWordChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '.';
	}

	/** {@code (?, ?, ?)} becomes {@code (?)}, so IN lists of any length share a shape. */
	private static String collapseLists(String shape) {
		return (shape.indexOf(',') < 0) ? shape : LIST.matcher(shape).replaceAll("(?)");
	}

}
