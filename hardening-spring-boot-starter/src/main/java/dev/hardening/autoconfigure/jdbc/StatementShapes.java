package dev.hardening.autoconfigure.jdbc;

import java.util.regex.Pattern;

/**
 * The shape of a statement: its SQL with every literal replaced by {@code ?}, comments left out,
 * IN lists and VALUES rows collapsed to one, and whitespace collapsed, so that the same query with
 * other values has the same shape, and no value reaches a log line.
 *
 * <p>Literals are read as the database reads them: {@code '…'} with {@code ''} inside, prefixed
 * strings ({@code E'…'} with backslash escapes, {@code X'…'}, {@code B'…'}, {@code N'…'},
 * {@code U&'…'}, MySQL's {@code _utf8mb4'…'}), dollar-quoted bodies ({@code $$…$$},
 * {@code $tag$…$tag$}), numbers in any notation ({@code 42}, {@code 1.5e-3}, {@code 0xFF},
 * {@code 1_000}) and positional parameters ({@code $1}). Whether a backslash escapes the next
 * character in a plain string, and whether {@code "…"} is a string or an identifier, depends on
 * the database: see {@link Strings}. A literal that never ends takes the rest of the statement.
 */
final class StatementShapes {

	/** How a database reads backslashes and double quotes; decides where a literal ends. */
	enum Strings {

		/**
		 * SQL standard (PostgreSQL, H2, Oracle, SQL Server): a backslash is a character like
		 * any other except in {@code E'…'}, and {@code "…"} is an identifier, kept.
		 */
		STANDARD,

		/**
		 * MySQL and MariaDB: a backslash escapes the next character in every string, and
		 * {@code "…"} is a string.
		 */
		BACKSLASH_ESCAPES,

		/**
		 * Not known: the statement is read both ways and only what both readings agree on is
		 * kept; where they part, the shape ends with {@code …}. No value of either reading
		 * reaches the shape.
		 */
		UNKNOWN

	}

	private static final int MAX_LENGTH = 300;

	private static final String CUT = " …";

	private static final Pattern LIST = Pattern.compile("\\(\\s*\\?(\\s*,\\s*\\?)+\\s*\\)");

	private static final Pattern ROWS = Pattern.compile("\\(\\?\\)(\\s*,\\s*\\(\\?\\))+");

	private StatementShapes() {
	}

	/**
	 * Returns the shape of a statement of a database whose strings are not known.
	 * @param sql the statement
	 * @return the shape
	 */
	static String of(String sql) {
		return of(sql, Strings.UNKNOWN);
	}

	/**
	 * Returns the shape of a statement.
	 * @param sql the statement
	 * @param strings how the database reads strings
	 * @return the shape
	 */
	static String of(String sql, Strings strings) {
		if (strings != Strings.UNKNOWN) {
			return shape(sql, strings == Strings.BACKSLASH_ESCAPES);
		}
		String standard = shape(sql, false);
		String escaped = shape(sql, true);
		if (standard.equals(escaped)) {
			return standard;
		}
		int common = 0;
		while (common < standard.length() && common < escaped.length()
				&& standard.charAt(common) == escaped.charAt(common)) {
			common++;
		}
		return standard.substring(0, common).stripTrailing() + CUT;
	}

	private static String shape(String sql, boolean backslashes) {
		StringBuilder out = new StringBuilder(Math.min(sql.length(), MAX_LENGTH + 16));
		int length = sql.length();
		int i = 0;
		boolean space = false;
		while (i < length && out.length() < MAX_LENGTH) {
			char c = sql.charAt(i);
			char next = (i + 1 < length) ? sql.charAt(i + 1) : 0;
			int end;
			if (isSpace(c)) {
				space = out.length() > 0;
				i++;
				continue;
			}
			if ((c == '-' && next == '-') || (c == '#' && backslashes)) {
				// a comment may carry values (query tags, hints): it is left out
				i = lineEnd(sql, i);
				space = out.length() > 0;
				continue;
			}
			if (c == '/' && next == '*') {
				i = commentEnd(sql, i);
				space = out.length() > 0;
				continue;
			}
			if (c == '\'' || (c == '"' && backslashes)) {
				end = quotedEnd(sql, i, c, backslashes);
			}
			else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next))) {
				end = numberEnd(sql, i);
			}
			else if (c == '$') {
				end = dollarEnd(sql, i);
			}
			else if (Character.isLetter(c) || c == '_') {
				int word = wordEnd(sql, i);
				end = prefixedEnd(sql, i, word, backslashes);
				if (end < 0) {
					space = append(out, space, sql, i, word);
					i = word;
					continue;
				}
			}
			else if (c == '"' || c == '`') {
				// a quoted identifier is a name, not a value
				int identifier = quotedEnd(sql, i, c, false);
				space = append(out, space, sql, i, identifier);
				i = identifier;
				continue;
			}
			else {
				end = -1;
			}
			if (end >= 0) {
				space = append(out, space, "?", 0, 1);
				i = end;
				continue;
			}
			space = append(out, space, sql, i, i + 1);
			i++;
		}
		String shape = collapseLists(out.toString());
		return (i < length) ? shape + CUT : shape;
	}

	private static boolean append(StringBuilder out, boolean space, CharSequence text, int start, int end) {
		if (space) {
			out.append(' ');
		}
		out.append(text, start, end);
		return false;
	}

	private static boolean isSpace(char c) {
		return Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c);
	}

	private static int lineEnd(String sql, int start) {
		int i = start;
		while (i < sql.length() && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
			i++;
		}
		return i;
	}

	/** The end of a block comment; PostgreSQL's nest. */
	private static int commentEnd(String sql, int start) {
		int depth = 0;
		int i = start;
		while (i < sql.length()) {
			if (sql.startsWith("/*", i)) {
				depth++;
				i += 2;
			}
			else if (sql.startsWith("*/", i)) {
				i += 2;
				if (--depth == 0) {
					return i;
				}
			}
			else {
				i++;
			}
		}
		return i;
	}

	/** The end of {@code '…'} (or another quote) with the quote doubled inside, and maybe backslashes. */
	private static int quotedEnd(String sql, int start, char quote, boolean backslashes) {
		int i = start + 1;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (c == '\\' && backslashes) {
				i += 2;
			}
			else if (c == quote) {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
			else {
				i++;
			}
		}
		return sql.length();
	}

	/** A number in any notation: {@code 42}, {@code .5}, {@code 1.5e-3}, {@code 0xFF}, {@code 1_000}. */
	private static int numberEnd(String sql, int start) {
		int i = start;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
				i++;
			}
			else if ((c == '+' || c == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
					&& !isHex(sql, start)) {
				i++;
			}
			else {
				break;
			}
		}
		return i;
	}

	private static boolean isHex(String sql, int start) {
		return sql.startsWith("0x", start) || sql.startsWith("0X", start);
	}

	/** A positional parameter ({@code $1}) or a dollar-quoted body; -1 for a lone {@code $}. */
	private static int dollarEnd(String sql, int start) {
		int i = start + 1;
		if (i < sql.length() && Character.isDigit(sql.charAt(i))) {
			while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
				i++;
			}
			return i;
		}
		while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
			i++;
		}
		if (i >= sql.length() || sql.charAt(i) != '$') {
			return -1;
		}
		String tag = sql.substring(start, i + 1);
		int close = sql.indexOf(tag, i + 1);
		return (close >= 0) ? close + tag.length() : sql.length();
	}

	private static int wordEnd(String sql, int start) {
		int i = start;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (!Character.isLetterOrDigit(c) && c != '_' && c != '$') {
				break;
			}
			i++;
		}
		return i;
	}

	/**
	 * The end of a prefixed string ({@code E'…'}, {@code X'…'}, {@code U&'…'},
	 * {@code _utf8mb4'…'}), or -1 if the word is not such a prefix.
	 */
	private static int prefixedEnd(String sql, int start, int word, boolean backslashes) {
		if (word >= sql.length()) {
			return -1;
		}
		int length = word - start;
		char first = sql.charAt(start);
		if (sql.charAt(word) == '\'') {
			if (length == 1 && "eExXbBnN".indexOf(first) >= 0) {
				return quotedEnd(sql, word, '\'', backslashes || first == 'e' || first == 'E');
			}
			if (first == '_') {
				return quotedEnd(sql, word, '\'', backslashes);
			}
		}
		if (length == 1 && (first == 'u' || first == 'U') && sql.startsWith("&'", word)) {
			return quotedEnd(sql, word + 1, '\'', backslashes);
		}
		return -1;
	}

	/** {@code (?, ?, ?)} becomes {@code (?)}, and so do rows of them, so lists of any length share a shape. */
	private static String collapseLists(String shape) {
		if (shape.indexOf(',') < 0) {
			return shape;
		}
		String lists = LIST.matcher(shape).replaceAll("(?)");
		return (lists.indexOf(',') < 0) ? lists : ROWS.matcher(lists).replaceAll("(?)");
	}

}
