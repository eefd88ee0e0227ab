package dev.hardening.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PathPatterns} answers as Spring's {@link PathPattern}s do on the request's path within the
 * application, its shortcuts included ({@code /**}; the literal part of each pattern, which a
 * path must start with to match it): over paths with percent-encoding, matrix parameters, doubled
 * and dot segments, case and non-ASCII characters, and context paths. Not over
 * invalid percent-encoding ({@code %ZZ}): Tomcat answers {@code 400} before any filter runs
 * ({@code MalformedRequestsPropertyTests}), and Spring's parser throws on it. The same answers
 * when Spring parsed the path first, and when another filter's patterns parsed it: a path is
 * parsed once per request and URI, never taken for another URI's.
 */
class PathPatternsTests {

	private static final List<String> PATTERNS = List.of("/**", "/api/**", "/api/*", "/API/**", "/a/{id}",
			"/actuator/health/**", "/*.css", "/static/{*rest}", "/a/b", "/", "/actuator/**", "/a/b*", "/v?/docs/**",
			"/**/health", "/api/{version}/status", "api/**", "/a");

	@Property(tries = 5000)
	void matchesAsSpringsPathPatternsDoOnThePathWithinTheApplication(@ForAll("patterns") List<String> included,
			@ForAll("patterns") List<String> excluded, @ForAll("paths") String path,
			@ForAll("contextPaths") String contextPath, @ForAll("parsedBefore") String parsedBefore) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", contextPath + path);
		request.setContextPath(contextPath);
		PathPatterns patterns = PathPatterns.of(included, "included", excluded, "excluded");
		switch (parsedBefore) {
			case "spring" -> ServletRequestPathUtils.parseAndCache(request);
			case "filter" -> PathPatterns.of(List.of("/{any}/**"), "", List.of(), "").matches(request);
			default -> {
			}
		}

		assertThat(patterns.matches(request)).as("%s %s on %s", included, excluded, path)
			.isEqualTo(reference(included, excluded, request));
	}

	@Property(tries = 3000)
	void matchesAsSpringDoesPathsThatSpellAPatternInAnotherWay(@ForAll("patterns") List<String> included,
			@ForAll("patterns") List<String> excluded, @ForAll("contextPaths") String contextPath, @ForAll long seed) {
		Random random = new Random(seed);
		List<String> all = new ArrayList<>(included);
		all.addAll(excluded);
		String path = all.isEmpty() ? "/a/b" : respell(all.get(random.nextInt(all.size())), random);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", contextPath + path);
		request.setContextPath(contextPath);
		PathPatterns patterns = PathPatterns.of(included, "included", excluded, "excluded");

		assertThat(patterns.matches(request)).as("%s %s on %s", included, excluded, path)
			.isEqualTo(reference(included, excluded, request));
	}

	@Test
	void parsesARequestsPathOnceWhicheverPatternsAsk() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ctx/a;v=1/b");
		request.setContextPath("/ctx");

		PathContainer path = PathPatterns.pathOf(request);

		assertThat(path.value()).isEqualTo("/a;v=1/b");
		assertThat(PathPatterns.pathOf(request)).isSameAs(path);
		assertThat(PathPatterns.pathOf(request, "/ctx/a;v=1/b")).isSameAs(path);
		assertThat(PathPatterns.of(List.of("/*/b"), "", List.of(), "").matches(request)).isTrue();
		assertThat(PathPatterns.pathOf(request)).isSameAs(path);
		// Spring's own cache is left alone
		assertThat(ServletRequestPathUtils.hasParsedRequestPath(request)).isFalse();
	}

	@Test
	void aForwardOrAnErrorDispatchGetsThePathOfItsOwnUri() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/pages/home");
		PathPatterns pages = PathPatterns.of(List.of("/{section}/home"), "", List.of(), "");
		assertThat(pages.matches(request)).isTrue();

		// the error page's dispatch: the same request, another URI
		request.setRequestURI("/error");

		assertThat(PathPatterns.pathOf(request).value()).isEqualTo("/error");
		assertThat(pages.matches(request)).isFalse();
		// and the URI of the request that failed, when asked for it
		assertThat(PathPatterns.pathOf(request, "/pages/home").value()).isEqualTo("/pages/home");
		assertThat(pages.matches(request, "/pages/home")).isTrue();
	}

	@Test
	void takesThePathSpringParsedForTheSameUri() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ctx/a/b");
		request.setContextPath("/ctx");
		RequestPath spring = ServletRequestPathUtils.parseAndCache(request);

		assertThat(PathPatterns.pathOf(request)).isSameAs(spring.pathWithinApplication());
		assertThat(Collections.list(request.getAttributeNames())).containsExactly(ServletRequestPathUtils.PATH_ATTRIBUTE);

		// left there by an earlier dispatch: not this URI's
		request.setRequestURI("/ctx/error");

		assertThat(PathPatterns.pathOf(request).value()).isEqualTo("/error");
	}

	@Test
	void matchesBelowTheContextPathWhenSpringsPathLeavesTheServletPathOut() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ctx/api/a/b");
		request.setContextPath("/ctx");
		request.setServletPath("/api");
		request.setPathInfo("/a/b");
		request.setHttpServletMapping(new MockHttpServletMapping("a/b", "/api/*", "dispatcherServlet", MappingMatch.PATH));
		RequestPath spring = ServletRequestPathUtils.parseAndCache(request);
		assertThat(spring.pathWithinApplication().value()).isEqualTo("/a/b");

		assertThat(PathPatterns.pathOf(request).value()).isEqualTo("/api/a/b");
		assertThat(PathPatterns.of(List.of("/api/{x}/b"), "", List.of(), "").matches(request)).isTrue();
		assertThat(PathPatterns.of(List.of("/a/b"), "", List.of(), "").matches(request)).isFalse();
	}

	@Test
	void everyPathIsOnlyEveryPathWithNothingExcluded() {
		assertThat(PathPatterns.of(List.of("/api/**", "/**"), "", List.of(), "").matchesEveryPath()).isTrue();
		assertThat(PathPatterns.of(List.of("/**"), "", List.of("/actuator/**"), "").matchesEveryPath()).isFalse();
		assertThat(PathPatterns.of(List.of("/api/**"), "", List.of(), "").matchesEveryPath()).isFalse();
		assertThat(PathPatterns.of(List.of(), "", List.of(), "").matchesEveryPath()).isFalse();
	}

	@Test
	void takesTheLiteralPartOfEachPattern() {
		assertThat(PathPatterns.literalPrefix("/actuator/**")).isEqualTo("/actuator");
		assertThat(PathPatterns.literalPrefix("/api/{version}/status")).isEqualTo("/api");
		assertThat(PathPatterns.literalPrefix("/static/*.css")).isEqualTo("/static");
		assertThat(PathPatterns.literalPrefix("/a/b*")).isEqualTo("/a");
		assertThat(PathPatterns.literalPrefix("/ping")).isEqualTo("/ping");
		assertThat(PathPatterns.literalPrefix("/**")).isEmpty();
		assertThat(PathPatterns.literalPrefix("/*.css")).isEmpty();
		assertThat(PathPatterns.literalPrefix("ping/**")).isEmpty();
	}

	@Test
	void aRunOfSlashesIsOneSlashAsSpringsAntStyleMappingHasIt() {
		PathPatterns patterns = PathPatterns.of(List.of("/api/**", "/projects/{id}"), "included",
				List.of("/api/public/**"), "excluded");
		for (String path : List.of("//api/x", "/api//x", "///projects/1", "/projects//1")) {
			assertThat(patterns.matches(new MockHttpServletRequest("PUT", path))).as(path).isTrue();
		}
		assertThat(patterns.matches(new MockHttpServletRequest("PUT", "//api//public/x"))).isFalse();
		MockHttpServletRequest inContext = new MockHttpServletRequest("PUT", "//ctx//api/x");
		inContext.setContextPath("//ctx");
		assertThat(patterns.matches(inContext)).isTrue();
	}

	/**
	 * The matching as it was: every pattern against the parsed path, exclusions first, runs of
	 * slashes as one.
	 */
	private static boolean reference(List<String> included, List<String> excluded, MockHttpServletRequest request) {
		if (included.isEmpty()) {
			return false;
		}
		PathContainer path = RequestPath.parse(request.getRequestURI().replaceAll("/{2,}", "/"),
				request.getContextPath().replaceAll("/{2,}", "/"))
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

	/**
	 * A path the pattern matches, its wildcards and variables filled in, then perhaps spelled
	 * otherwise: a matrix parameter on a segment, a percent-encoded letter, a capital, a doubled
	 * or trailing slash.
	 */
	private static String respell(String pattern, Random random) {
		List<String> segments = new ArrayList<>();
		for (String segment : pattern.split("/", -1)) {
			if (segment.equals("**") || segment.startsWith("{*")) {
				for (int i = random.nextInt(3); i > 0; i--) {
					segments.add("s" + random.nextInt(3));
				}
			}
			else if (segment.contains("*") || segment.contains("?") || segment.contains("{")) {
				segments.add(segment.replaceAll("\\{[^}]*}|\\*|\\?", "v" + random.nextInt(3)));
			}
			else {
				segments.add(segment);
			}
		}
		String path = String.join("/", segments);
		if (!path.startsWith("/")) {
			path = "/" + path;
		}
		StringBuilder respelled = new StringBuilder(path);
		for (int changes = random.nextInt(3); changes > 0; changes--) {
			int at = 1 + random.nextInt(respelled.length());
			int slash = respelled.indexOf("/", at);
			int end = (slash < 0) ? respelled.length() : slash;
			switch (random.nextInt(4)) {
				case 0 -> respelled.insert(end, ";p=1");
				case 1 -> {
					if (at < end) {
						respelled.setCharAt(at, Character.toUpperCase(respelled.charAt(at)));
					}
				}
				case 2 -> respelled.insert(at - 1, "/");
				default -> respelled.append('/');
			}
		}
		int at = random.nextInt(respelled.length());
		if (random.nextBoolean() && Character.isLetter(respelled.charAt(at))) {
			respelled.replace(at, at + 1, "%" + Integer.toHexString(respelled.charAt(at)));
		}
		return respelled.toString();
	}

	@Provide
	Arbitrary<String> parsedBefore() {
		return Arbitraries.of("none", "spring", "filter");
	}

	@Provide
	Arbitrary<String> contextPaths() {
		return Arbitraries.of("", "", "/ctx", "/actuator", "/a");
	}

	@Provide
	Arbitrary<String> paths() {
		Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of("api", "API", "a", "b", "bc", "actuator", "health",
				"static", "x.css", "", ".", "..", "%61pi", "api;v=1", "a%2Fb", "%2e%2e", "caf\u00e9", "1", "v1", "v12",
				"docs", "status", "actuatorx", "%61ctuator", "health;v=1", "actuator;v=1", "a;c", "%61"),
				Arbitraries.strings().withChars("abc2F;.=").ofMaxLength(6));
		return Combinators.combine(segment.list().ofMinSize(0).ofMaxSize(4), Arbitraries.of(true, false))
			.as((segments, trailing) -> "/" + String.join("/", segments) + (trailing ? "/" : ""));
	}

}
