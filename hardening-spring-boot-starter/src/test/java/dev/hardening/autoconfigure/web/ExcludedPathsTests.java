package dev.hardening.autoconfigure.web;

import java.util.List;

import dev.hardening.autoconfigure.PathPatterns;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log's excluded paths answer exactly as their patterns do: the check of literal
 * prefixes that spares most requests the parsing of their path never changes the answer.
 */
class ExcludedPathsTests {

	private static final List<String> PATTERNS = List.of("/actuator/health/**", "/static/*.css", "/ping",
			"/api/{version}/status", "/**/metrics", "/v?/docs/**");

	@Property(tries = 2000)
	void answersAsThePatternsDo(@ForAll("paths") String path, @ForAll("contextPaths") String contextPath,
			@ForAll("patternSets") List<String> patterns) {
		PathPatterns parsed = PathPatterns.of(patterns, "hardening.web.access-log.exclude-paths", List.of(), "");
		MockHttpServletRequest request = new MockHttpServletRequest("GET", contextPath + path);
		request.setContextPath(contextPath);

		assertThat(new ExcludedPaths(parsed, patterns).matches(request)).as("%s%s against %s", contextPath, path, patterns)
			.isEqualTo(parsed.matches(request));
	}

	@Example
	void aRunOfSeparatorsIsExcludedAsThePatternsReadIt() {
		List<String> patterns = List.of("/ping");
		PathPatterns parsed = PathPatterns.of(patterns, "hardening.web.access-log.exclude-paths", List.of(), "");

		assertThat(new ExcludedPaths(parsed, patterns).matches(new MockHttpServletRequest("GET", "//ping"))).isTrue();
		assertThat(new ExcludedPaths(parsed, patterns).matches(new MockHttpServletRequest("GET", "/x//ping")))
			.isFalse();
	}

	@Example
	void takesTheLiteralPartOfEachPattern() {
		assertThat(ExcludedPaths.literalPrefix("/actuator/health/**")).isEqualTo("/actuator/health");
		assertThat(ExcludedPaths.literalPrefix("/api/{version}/status")).isEqualTo("/api");
		assertThat(ExcludedPaths.literalPrefix("/static/*.css")).isEqualTo("/static");
		assertThat(ExcludedPaths.literalPrefix("/ping")).isEqualTo("/ping");
		assertThat(ExcludedPaths.literalPrefix("/**")).isEmpty();
		assertThat(ExcludedPaths.literalPrefix("ping/**")).isEmpty();
	}

	@Provide
	Arbitrary<String> paths() {
		Arbitrary<String> segment = Arbitraries.of("actuator", "health", "liveness", "static", "site.css", "ping",
				"api", "v1", "v12", "status", "metrics", "docs", "", "..", ".", "%61ctuator", "health;v=1", "act%2Fuator",
				"PING", "x", "/");
		return segment.list().ofMinSize(0).ofMaxSize(5).map((segments) -> "/" + String.join("/", segments));
	}

	@Provide
	Arbitrary<String> contextPaths() {
		return Arbitraries.of("", "", "/app", "/actuator");
	}

	@Provide
	Arbitrary<List<String>> patternSets() {
		return Arbitraries.of(PATTERNS).list().ofMinSize(0).ofMaxSize(3).uniqueElements();
	}

}
