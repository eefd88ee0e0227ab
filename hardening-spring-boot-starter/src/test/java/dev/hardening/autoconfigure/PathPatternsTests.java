package dev.hardening.autoconfigure;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PathPatterns} answers as Spring's {@link PathPattern}s do on the request's path within the
 * application, its shortcut for {@code /**} included: over paths with percent-encoding, matrix
 * parameters, doubled and dot segments, case and non-ASCII characters, and context paths. Not over
 * invalid percent-encoding ({@code %ZZ}): Tomcat answers {@code 400} before any filter runs
 * ({@code MalformedRequestsPropertyTests}), and Spring's parser throws on it.
 */
class PathPatternsTests {

	private static final List<String> PATTERNS = List.of("/**", "/api/**", "/api/*", "/API/**", "/a/{id}",
			"/actuator/health/**", "/*.css", "/static/{*rest}", "/a/b", "/");

	@Property(tries = 3000)
	void matchesAsSpringsPathPatternsDoOnThePathWithinTheApplication(@ForAll("patterns") List<String> included,
			@ForAll("patterns") List<String> excluded, @ForAll("paths") String path, @ForAll boolean contextPath) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", (contextPath ? "/ctx" : "") + path);
		request.setContextPath(contextPath ? "/ctx" : "");
		PathPatterns patterns = PathPatterns.of(included, "included", excluded, "excluded");

		assertThat(patterns.matches(request)).as("%s %s on %s", included, excluded, path)
			.isEqualTo(reference(included, excluded, request));
	}

	@Test
	void everyPathIsOnlyEveryPathWithNothingExcluded() {
		assertThat(PathPatterns.of(List.of("/api/**", "/**"), "", List.of(), "").matchesEveryPath()).isTrue();
		assertThat(PathPatterns.of(List.of("/**"), "", List.of("/actuator/**"), "").matchesEveryPath()).isFalse();
		assertThat(PathPatterns.of(List.of("/api/**"), "", List.of(), "").matchesEveryPath()).isFalse();
		assertThat(PathPatterns.of(List.of(), "", List.of(), "").matchesEveryPath()).isFalse();
	}

	/** The matching as it was: every pattern against the parsed path, exclusions first. */
	private static boolean reference(List<String> included, List<String> excluded, MockHttpServletRequest request) {
		if (included.isEmpty()) {
			return false;
		}
		PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath())
			.pathWithinApplication();
		for (String pattern : excluded) {
			if (PathPatternParser.defaultInstance.parse(pattern).matches(path)) {
				return false;
			}
		}
		for (String pattern : included) {
			if (PathPatternParser.defaultInstance.parse(pattern).matches(path)) {
				return true;
			}
		}
		return false;
	}

	@Provide
	Arbitrary<List<String>> patterns() {
		return Arbitraries.of(PATTERNS).list().ofMaxSize(3);
	}

	@Provide
	Arbitrary<String> paths() {
		Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of("api", "API", "a", "b", "actuator", "health",
				"static", "x.css", "", ".", "..", "%61pi", "api;v=1", "a%2Fb", "%2e%2e", "caf\u00e9", "1"),
				Arbitraries.strings().withChars("abc2F;.=").ofMaxLength(6));
		return Combinators.combine(segment.list().ofMinSize(0).ofMaxSize(4), Arbitraries.of(true, false))
			.as((segments, trailing) -> "/" + String.join("/", segments) + (trailing ? "/" : ""));
	}

}
