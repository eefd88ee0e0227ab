package dev.hardening.autoconfigure.web;

import java.util.List;

import dev.hardening.autoconfigure.PathPatterns;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The access log's {@code exclude-paths}, matched as {@link PathPatterns} match them, with a
 * check first that needs no parsing: a pattern can match only a path that starts with its
 * literal part, up to the segment of its first wildcard or variable ({@code /actuator/health} for
 * {@code /actuator/health/**}). A request whose path, within the application, starts with none of
 * them is not excluded, and its path is not parsed. A path with a {@code %} escape, a {@code ;}
 * parameter or a run of separators ({@code //ping}, which {@link PathPatterns} reads as
 * {@code /ping}) can match a pattern it does not spell out, so it is always matched in full, as is
 * every path when a pattern has no literal part.
 */
final class ExcludedPaths {

	private final PathPatterns patterns;

	private final String[] prefixes;

	private final boolean empty;

	/**
	 * Prepares the patterns.
	 * @param patterns the parsed patterns
	 * @param sources the same patterns as configured
	 */
	ExcludedPaths(PathPatterns patterns, List<String> sources) {
		this.patterns = patterns;
		this.empty = patterns.isEmpty();
		this.prefixes = sources.stream().map(ExcludedPaths::literalPrefix).toArray(String[]::new);
	}

	/**
	 * Tells whether a request is excluded.
	 * @param request the request
	 * @return {@code true} if one of the patterns matches its path
	 */
	boolean matches(HttpServletRequest request) {
		if (this.empty) {
			return false;
		}
		return mayMatch(request) && this.patterns.matches(request);
	}

	private boolean mayMatch(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String context = request.getContextPath();
		if (uri == null || context == null || !uri.startsWith(context) || uri.indexOf('%') >= 0
				|| uri.indexOf(';') >= 0 || uri.contains("//")) {
			return true;
		}
		for (String prefix : this.prefixes) {
			if (uri.startsWith(prefix, context.length())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The part of a pattern every path it matches starts with: up to, not including, the separator
	 * before the segment of its first wildcard or variable; the whole pattern if it has none; empty
	 * (every path) if it does not start with a separator.
	 */
	static String literalPrefix(String pattern) {
		if (!pattern.startsWith("/")) {
			return "";
		}
		int special = -1;
		for (int i = 0; i < pattern.length() && special < 0; i++) {
			char c = pattern.charAt(i);
			if (c == '*' || c == '?' || c == '{') {
				special = i;
			}
		}
		if (special < 0) {
			return pattern;
		}
		return pattern.substring(0, pattern.lastIndexOf('/', special));
	}

}
