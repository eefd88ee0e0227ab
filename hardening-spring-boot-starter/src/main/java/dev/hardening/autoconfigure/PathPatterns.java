package dev.hardening.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Path patterns from properties, included and excluded, checked at startup: a pattern that does
 * not parse fails the application naming its property. Matching a request parses its path only
 * when the answer depends on it: patterns that match every path ({@code /**}) with no exclusions,
 * the usual case of a policy or mapping for a whole service, answer without it; and a pattern can
 * match only a path that starts with its literal part, up to the segment of its first wildcard or
 * variable ({@code /actuator} for {@code /actuator/**}), so a request whose path starts with no
 * excluded pattern's literal part is answered without parsing when {@code /**} is included (the
 * ETag filter's default paths), or when its path starts with no included pattern's literal part
 * either. A path with a {@code %} escape or a {@code ;} parameter can match a pattern it does not
 * spell out, so it is always parsed, as is one with a run of slashes, matched as one slash, and
 * every path when a pattern has no literal part.
 * <p>
 * A request's path is parsed once, whichever filters ask for it (see
 * {@link #pathOf(HttpServletRequest, String)}).
 */
public final class PathPatterns {

	private static final String EVERY_PATH = "/**";

	/**
	 * The request attribute holding the last path parsed for the request, with the URI and the
	 * context path it was parsed from. Not Spring's own ({@link ServletRequestPathUtils#PATH_ATTRIBUTE}):
	 * a path left there would be taken on the error dispatch that follows for the error page's path
	 * by Spring's readers (Spring Security's request matchers among them), which do not check it.
	 */
	private static final String PATH_ATTRIBUTE = PathPatterns.class.getName() + ".PATH";

	private final PathPattern[] included;

	private final PathPattern[] excluded;

	private final boolean matchesEveryPath;

	private final boolean includesEveryPath;

	private final String[] includedPrefixes;

	private final String[] excludedPrefixes;

	private PathPatterns(PathPattern[] included, PathPattern[] excluded) {
		this.included = included;
		this.excluded = excluded;
		this.includesEveryPath = Arrays.stream(included)
			.anyMatch((pattern) -> pattern.getPatternString().equals(EVERY_PATH));
		this.matchesEveryPath = excluded.length == 0 && this.includesEveryPath;
		this.includedPrefixes = literalPrefixes(included);
		this.excludedPrefixes = literalPrefixes(excluded);
	}

	/**
	 * Parses the patterns.
	 * @param included the patterns that match
	 * @param includedProperty their property, for error messages
	 * @param excluded the patterns that never match
	 * @param excludedProperty their property, for error messages
	 * @return the patterns
	 * @throws InvalidConfigurationPropertyValueException naming the first pattern that does not
	 * parse
	 */
	public static PathPatterns of(List<String> included, String includedProperty, List<String> excluded,
			String excludedProperty) {
		return new PathPatterns(parse(included, includedProperty), parse(excluded, excludedProperty));
	}

	/**
	 * Tells whether there are no included patterns, which match nothing.
	 * @return {@code true} if empty
	 */
	public boolean isEmpty() {
		return this.included.length == 0;
	}

	/**
	 * Tells whether every path matches, whatever it is: {@code /**} included, nothing excluded.
	 * @return {@code true} if no path needs to be parsed to match it
	 */
	public boolean matchesEveryPath() {
		return this.matchesEveryPath;
	}

	/**
	 * Tells whether a request's path, within the application, matches.
	 * @param request the request
	 * @return {@code true} if an included pattern matches and no excluded one does
	 */
	public boolean matches(HttpServletRequest request) {
		if (this.matchesEveryPath || this.included.length == 0) {
			return this.matchesEveryPath;
		}
		return matches(request, request.getRequestURI());
	}

	/**
	 * Tells whether the path of a URI of a request, within the application, matches: its own, or
	 * on an error dispatch the URI of the request that failed.
	 * @param request the request
	 * @param uri the URI whose path is matched, as {@link HttpServletRequest#getRequestURI()} gives it
	 * @return {@code true} if an included pattern matches and no excluded one does
	 */
	public boolean matches(HttpServletRequest request, @Nullable String uri) {
		if (this.matchesEveryPath) {
			return true;
		}
		if (this.included.length == 0) {
			return false;
		}
		String context = request.getContextPath();
		if (isPlain(uri, context) && !startsWithAny(uri, context.length(), this.excludedPrefixes)) {
			// no excluded pattern can match
			if (this.includesEveryPath) {
				return true;
			}
			if (!startsWithAny(uri, context.length(), this.includedPrefixes)) {
				return false;
			}
		}
		return matches(pathOf(request, uri));
	}

	/**
	 * Whether a request URI spells its path within the application out: it starts with the
	 * context path and a separator, and has neither a {@code %} escape nor a {@code ;} parameter,
	 * which the parsed path decodes and drops.
	 */
	private static boolean isPlain(@Nullable String uri, @Nullable String context) {
		return uri != null && context != null && uri.length() > context.length() && uri.startsWith(context)
				&& uri.charAt(context.length()) == '/' && uri.indexOf('%') < 0 && uri.indexOf(';') < 0
				&& uri.indexOf("//") < 0;
	}

	private static boolean startsWithAny(String uri, int offset, String[] prefixes) {
		for (int i = 0; i < prefixes.length; i++) {
			if (uri.startsWith(prefixes[i], offset)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Tells whether a path matches.
	 * @param path the path within the application
	 * @return {@code true} if an included pattern matches and no excluded one does
	 */
	public boolean matches(PathContainer path) {
		if (this.matchesEveryPath) {
			return true;
		}
		// index loops: an iterator per call and pattern list showed in the allocation profile
		PathPattern[] excluded = this.excluded;
		for (int i = 0; i < excluded.length; i++) {
			if (excluded[i].matches(path)) {
				return false;
			}
		}
		PathPattern[] included = this.included;
		for (int i = 0; i < included.length; i++) {
			if (included[i].matches(path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A request's path within the application, parsed once for the filters that ask for it (see
	 * {@link #pathOf(HttpServletRequest, String)}).
	 * @param request the request
	 * @return the path
	 */
	public static PathContainer pathOf(HttpServletRequest request) {
		return pathOf(request, request.getRequestURI());
	}

	/**
	 * The path within the application of a URI of a request (its own, or on an error dispatch that
	 * of the request that failed), parsed once for the filters that ask for it one after the other:
	 * the last path parsed here is taken if it was parsed from this URI and context path; else the
	 * path Spring parsed and cached for this URI ({@link ServletRequestPathUtils#parseAndCache}, by
	 * the {@code DispatcherServlet} or a {@code ServletRequestPathFilter}); else the URI is parsed
	 * and the path kept, in a request attribute of its own, for the next filter. Only the last path
	 * is kept: one asked for another URI in between (on an error dispatch, the failed request's
	 * and the error page's) is parsed again. Both are checked against the URI and context path they
	 * were parsed from, so a forward or an error dispatch, whose URI differs, gets its own path,
	 * never the one before.
	 * @param request the request
	 * @param uri its URI, or that of the request that failed
	 * @return the path
	 */
	public static PathContainer pathOf(HttpServletRequest request, @Nullable String uri) {
		String context = request.getContextPath();
		if (request.getAttribute(PATH_ATTRIBUTE) instanceof Parsed parsed && Objects.equals(parsed.uri(), uri)
				&& Objects.equals(parsed.context(), context)) {
			return parsed.path();
		}
		boolean slashes = uri != null && uri.indexOf("//") >= 0;
		if (!slashes && request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE) instanceof RequestPath spring
				&& Objects.equals(spring.value(), uri)
				&& spring.contextPath().value().equals(springContextPath(context))) {
			return withinContext(spring);
		}
		// a run of slashes is one, as in Tomcat's servlet path and in the path Spring MVC maps with
		// spring.mvc.pathmatch.matching-strategy=ant_path_matcher (which reaches /projects/1 by
		// //projects/1); its default matching finds no handler for such a path either way
		PathContainer path = slashes ? RequestPath.parse(mergeSlashes(uri), (context != null) ? mergeSlashes(context)
				: null).pathWithinApplication() : RequestPath.parse(uri, context).pathWithinApplication();
		request.setAttribute(PATH_ATTRIBUTE, new Parsed(uri, context, path));
		return path;
	}

	/** A path with each run of slashes made one. */
	private static String mergeSlashes(String path) {
		StringBuilder merged = new StringBuilder(path.length());
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c != '/' || merged.length() == 0 || merged.charAt(merged.length() - 1) != '/') {
				merged.append(c);
			}
		}
		return merged.toString();
	}

	/** A context path as Spring's request path spells it: {@code /} and none are empty. */
	private static String springContextPath(@Nullable String context) {
		return (context == null || context.equals("/")) ? "" : context;
	}

	/**
	 * A path Spring parsed, within the context: Spring's path within the application leaves out
	 * the servlet's path too when the {@code DispatcherServlet} is mapped to a prefix
	 * ({@code spring.mvc.servlet.path}); patterns here are matched below the context path only.
	 */
	private static PathContainer withinContext(RequestPath path) {
		int context = path.contextPath().elements().size();
		PathContainer application = path.pathWithinApplication();
		if (context + application.elements().size() == path.elements().size()) {
			return application;
		}
		return path.subPath(context);
	}

	/** A path within the application, with the URI and the context path it was parsed from. */
	private record Parsed(@Nullable String uri, @Nullable String context, PathContainer path) {
	}

	private static String[] literalPrefixes(PathPattern[] patterns) {
		String[] prefixes = new String[patterns.length];
		for (int i = 0; i < patterns.length; i++) {
			prefixes[i] = literalPrefix(patterns[i].getPatternString());
		}
		return prefixes;
	}

	/**
	 * The part of a pattern every path it matches starts with: up to, not including, the separator
	 * before the segment of its first wildcard or variable; the whole pattern if it has none; empty
	 * (every path) if it does not start with a separator.
	 * @param pattern the pattern
	 * @return its literal prefix
	 */
	static String literalPrefix(String pattern) {
		if (!pattern.startsWith("/")) {
			return "";
		}
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '*' || c == '?' || c == '{') {
				return pattern.substring(0, pattern.lastIndexOf('/', i));
			}
		}
		return pattern;
	}

	private static PathPattern[] parse(List<String> patterns, String property) {
		List<PathPattern> parsed = new ArrayList<>();
		for (int i = 0; i < patterns.size(); i++) {
			try {
				parsed.add(PathPatternParser.defaultInstance.parse(patterns.get(i)));
			}
			catch (PatternParseException ex) {
				throw new InvalidConfigurationPropertyValueException(property + "[" + i + "]", patterns.get(i),
						"It must be a path pattern such as /api/**: " + ex.getMessage());
			}
		}
		return parsed.toArray(PathPattern[]::new);
	}

}
