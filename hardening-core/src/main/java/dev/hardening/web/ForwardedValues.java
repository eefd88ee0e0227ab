package dev.hardening.web;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Reads the values of forwarding headers as a proxy wrote them: one hop of
 * {@code X-Forwarded-For} (an address, perhaps with a port) and the elements of RFC 7239
 * {@code Forwarded} (quoted strings, escapes, parameter names in any case). One pass over the
 * characters, no regex; anything that does not fit the grammar is marked malformed, never
 * guessed at, because the caller stops at the first malformed hop.
 */
final class ForwardedValues {

	private ForwardedValues() {
	}

	/** One {@code Forwarded} element: the parameters the starter uses, or malformed. */
	record Element(@Nullable String forValue, @Nullable String proto, @Nullable String host, boolean malformed) {

		static final Element MALFORMED = new Element(null, null, null, true);

	}

	/**
	 * Parses an address with an optional port: {@code 192.0.2.7}, {@code 192.0.2.7:8080},
	 * {@code 2001:db8::7}, {@code [2001:db8::7]}, {@code [2001:db8::7]:8080}; spaces and tabs
	 * around it are ignored.
	 * @param obfuscatedPort whether RFC 7239's {@code _name} may stand for the port
	 * @return the address bytes, or {@code null} when the value is not one
	 */
	static byte @Nullable [] hop(CharSequence text, int from, int to, boolean obfuscatedPort) {
		while (from < to && isSpace(text.charAt(from))) {
			from++;
		}
		while (to > from && isSpace(text.charAt(to - 1))) {
			to--;
		}
		if (from == to) {
			return null;
		}
		if (text.charAt(from) == '[') {
			int close = indexOf(text, ']', from, to);
			if (close < 0 || (close + 1 < to && !(text.charAt(close + 1) == ':'
					&& isPort(text, close + 2, to, obfuscatedPort)))) {
				return null;
			}
			return IpLiterals.parse(text, from, close + 1, true);
		}
		int colon = indexOf(text, ':', from, to);
		if (colon >= 0 && indexOf(text, ':', colon + 1, to) < 0) {
			return isPort(text, colon + 1, to, obfuscatedPort) ? IpLiterals.ipv4(text, from, colon) : null;
		}
		return IpLiterals.parse(text, from, to, false);
	}

	private static boolean isPort(CharSequence text, int from, int to, boolean obfuscated) {
		if (from >= to) {
			return false;
		}
		if (obfuscated && text.charAt(from) == '_') {
			for (int i = from + 1; i < to; i++) {
				char c = text.charAt(i);
				if (!(isAlphaNumeric(c) || c == '.' || c == '_' || c == '-')) {
					return false;
				}
			}
			return to - from > 1;
		}
		if (to - from > 5) {
			return false;
		}
		int port = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
			port = port * 10 + (c - '0');
		}
		return port <= 65535;
	}

	/**
	 * Parses every element of every {@code Forwarded} line, in order. An empty element, one
	 * with a parameter twice, or one that breaks the grammar is {@link Element#MALFORMED}.
	 */
	static List<Element> elements(List<String> lines) {
		List<Element> elements = new ArrayList<>();
		for (String line : lines) {
			int pos = 0;
			while (pos >= 0) {
				pos = element(line, pos, elements);
			}
		}
		return elements;
	}

	/**
	 * Parses the element at {@code pos} and adds it.
	 * @return the position after its comma, or -1 at the end of the line
	 */
	private static int element(String line, int pos, List<Element> elements) {
		int n = line.length();
		String forValue = null;
		String proto = null;
		String host = null;
		boolean any = false;
		while (true) {
			pos = skipSpaces(line, pos);
			if (pos == n || line.charAt(pos) == ',') {
				elements.add(any ? new Element(forValue, proto, host, false) : Element.MALFORMED);
				return (pos == n) ? -1 : pos + 1;
			}
			int nameStart = pos;
			while (pos < n && isTokenChar(line.charAt(pos))) {
				pos++;
			}
			if (pos == nameStart || pos == n || line.charAt(pos) != '=') {
				return malformed(line, pos, elements);
			}
			int nameEnd = pos++;
			String value;
			if (pos < n && line.charAt(pos) == '"') {
				StringBuilder quoted = new StringBuilder();
				pos++;
				while (pos < n && line.charAt(pos) != '"') {
					char c = line.charAt(pos++);
					if (c == '\\') {
						if (pos == n) {
							break;
						}
						c = line.charAt(pos++);
					}
					quoted.append(c);
				}
				if (pos == n) {
					elements.add(Element.MALFORMED);
					return -1;
				}
				pos++;
				value = quoted.toString();
			}
			else {
				int valueStart = pos;
				while (pos < n && !isSpace(line.charAt(pos)) && ";,\"".indexOf(line.charAt(pos)) < 0) {
					pos++;
				}
				value = line.substring(valueStart, pos);
			}
			if (isParameter(line, nameStart, nameEnd, "for")) {
				if (forValue != null) {
					return malformed(line, pos, elements);
				}
				forValue = value;
			}
			else if (isParameter(line, nameStart, nameEnd, "proto")) {
				if (proto != null) {
					return malformed(line, pos, elements);
				}
				proto = value;
			}
			else if (isParameter(line, nameStart, nameEnd, "host")) {
				if (host != null) {
					return malformed(line, pos, elements);
				}
				host = value;
			}
			any = true;
			pos = skipSpaces(line, pos);
			if (pos < n && line.charAt(pos) == ';') {
				pos++;
			}
			else if (pos < n && line.charAt(pos) != ',') {
				return malformed(line, pos, elements);
			}
		}
	}

	/** Adds a malformed element and skips past the comma that ends it, minding quoted strings. */
	private static int malformed(String line, int pos, List<Element> elements) {
		elements.add(Element.MALFORMED);
		boolean quoted = false;
		for (int i = pos; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted && c == '\\') {
				i++;
			}
			else if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				return i + 1;
			}
		}
		return -1;
	}

	private static boolean isParameter(String line, int from, int to, String name) {
		return to - from == name.length() && line.regionMatches(true, from, name, 0, name.length());
	}

	private static int skipSpaces(String line, int pos) {
		while (pos < line.length() && isSpace(line.charAt(pos))) {
			pos++;
		}
		return pos;
	}

	private static int indexOf(CharSequence text, char c, int from, int to) {
		for (int i = from; i < to; i++) {
			if (text.charAt(i) == c) {
				return i;
			}
		}
		return -1;
	}

	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t';
	}

	private static boolean isAlphaNumeric(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	private static boolean isTokenChar(char c) {
		return isAlphaNumeric(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
	}

}
