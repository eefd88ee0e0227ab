package dev.hardening.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Path patterns from properties, included and excluded, checked at startup: a pattern that does
 * not parse fails the application naming its property.
 */
public final class PathPatterns {

	private final List<PathPattern> included;

	private final List<PathPattern> excluded;

	private PathPatterns(List<PathPattern> included, List<PathPattern> excluded) {
		this.included = included;
		this.excluded = excluded;
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
		return this.included.isEmpty();
	}

	/**
	 * Tells whether a request's path, within the application, matches.
	 * @param request the request
	 * @return {@code true} if an included pattern matches and no excluded one does
	 */
	public boolean matches(HttpServletRequest request) {
		if (this.included.isEmpty()) {
			return false;
		}
		return matches(pathOf(request));
	}

	/**
	 * Tells whether a path matches.
	 * @param path the path within the application
	 * @return {@code true} if an included pattern matches and no excluded one does
	 */
	public boolean matches(PathContainer path) {
		for (PathPattern pattern : this.excluded) {
			if (pattern.matches(path)) {
				return false;
			}
		}
		for (PathPattern pattern : this.included) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Parses a request's path within the application, once per call site.
	 * @param request the request
	 * @return the path
	 */
	public static PathContainer pathOf(HttpServletRequest request) {
		return RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
	}

	private static List<PathPattern> parse(List<String> patterns, String property) {
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
		return List.copyOf(parsed);
	}

}
