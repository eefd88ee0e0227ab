package dev.hardening.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.hardening.autoconfigure.web.CorsProperties.CorsMapping;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CORS filter answers every request as it did when Spring's {@link DefaultCorsProcessor}
 * decided every cross-origin request: same status, same headers in the same order, the chain
 * called or not. Over origins (case, ports, trailing slashes, {@code null}, IPv6, userinfo,
 * percent-encoding, garbage), methods, preflights, headers already on the response, and mappings
 * with exact origins, origin patterns, credentials, exposed headers and private network access.
 */
class CorsFilterEquivalenceTests {

	@Property(tries = 3000)
	void answersAsSpringsProcessorDid(@ForAll("origins") String origin, @ForAll("methods") String method,
			@ForAll("requestMethods") String requestMethod, @ForAll boolean privateNetwork,
			@ForAll("vary") List<String> vary, @ForAll boolean allowOriginSet, @ForAll("mappings") CorsMapping mapping,
			@ForAll boolean secure, @ForAll("paths") String path) throws Exception {
		UrlBasedCorsConfigurationSource source = CorsMappings.source(List.of(mapping));
		MockHttpServletResponse ours = new MockHttpServletResponse();
		MockHttpServletResponse springs = new MockHttpServletResponse();
		for (MockHttpServletResponse response : List.of(ours, springs)) {
			vary.forEach((value) -> response.addHeader("Vary", value));
			if (allowOriginSet) {
				response.setHeader("Access-Control-Allow-Origin", "https://set.example");
			}
		}
		MockFilterChain ourChain = new MockFilterChain();
		new CorsFilter(source, null).doFilter(request(path, origin, method, requestMethod, privateNetwork, secure),
				ours, ourChain);
		boolean springChained = reference(source,
				request(path, origin, method, requestMethod, privateNetwork, secure), springs);

		assertThat(ours.getStatus()).isEqualTo(springs.getStatus());
		assertThat(headers(ours)).isEqualTo(headers(springs));
		assertThat(ourChain.getRequest() != null).isEqualTo(springChained);
	}

	@Example
	void anOriginThatDoesNotParseIsRefusedWhereAMappingAppliesAsSpringsProcessorRefusesIt() throws Exception {
		CorsMapping mapping = new CorsMapping();
		mapping.setPaths(List.of("/api/**"));
		mapping.setAllowedOrigins(List.of("https://app.example.com"));
		CorsFilter filter = new CorsFilter(CorsMappings.source(List.of(mapping)), null);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		filter.doFilter(request("/api/things", "http://[::1", "GET", "", false, true), response, chain);

		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(chain.getRequest()).isNull();
	}

	/**
	 * The filter as it was, Spring's processor for every cross-origin request, but for an Origin
	 * that does not parse, which escaped it as an exception and now gets the processor's answer.
	 */
	private static boolean reference(UrlBasedCorsConfigurationSource source, MockHttpServletRequest request,
			MockHttpServletResponse response) throws Exception {
		DefaultCorsProcessor processor = new DefaultCorsProcessor() {
			@Override
			protected void rejectRequest(org.springframework.http.server.ServerHttpResponse ignored) {
			}
		};
		boolean cors;
		try {
			cors = CorsUtils.isCorsRequest(request);
		}
		catch (IllegalArgumentException ex) {
			// as Spring's own CorsFilter, whose processor refuses an Origin that does not parse
			cors = true;
		}
		CorsConfiguration configuration = cors ? source.getCorsConfiguration(request) : null;
		if (configuration != null) {
			if (!processor.processRequest(configuration, request, response)) {
				response.sendError(403, "This origin, method or header is not allowed to call this service from a browser.");
				return false;
			}
			if (CorsUtils.isPreFlightRequest(request)) {
				return false;
			}
		}
		return true;
	}

	private static MockHttpServletRequest request(String path, String origin, String method, String requestMethod,
			boolean privateNetwork, boolean secure) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setScheme(secure ? "https" : "http");
		request.setServerName("api.example.com");
		request.setServerPort(secure ? 443 : 8080);
		if (!origin.equals("(none)")) {
			request.addHeader("Origin", origin);
		}
		if (!requestMethod.isEmpty()) {
			request.addHeader("Access-Control-Request-Method", requestMethod);
			request.addHeader("Access-Control-Request-Headers", "content-type, x-custom");
		}
		if (privateNetwork) {
			request.addHeader("Access-Control-Request-Private-Network", "true");
		}
		request.addHeader("Content-Type", "application/json");
		return request;
	}

	private static List<String> headers(MockHttpServletResponse response) {
		List<String> headers = new ArrayList<>();
		for (String name : response.getHeaderNames()) {
			headers.add(name + ": " + response.getHeaders(name));
		}
		return headers;
	}

	@Provide
	Arbitrary<String> origins() {
		return Arbitraries.oneOf(Arbitraries.of("(none)", "https://app.example.com", "https://APP.example.com",
				"https://app.example.com/", "https://app.example.com:443", "http://app.example.com",
				"https://other.example.com", "https://sub.app.example.com", "null", "http://[::1]:3000",
				"http://[::1]", "https://app.example.com%2F", "https://user@app.example.com", "api.example.com",
				"http://api.example.com:8080", "https://api.example.com", "https://api.example.com:443", "",
				" https://app.example.com", "https://app.example.com:99999", "http://localhost:3000", "*",
				"https://app.example.com, https://other.example.com"),
				Arbitraries.strings().withChars("htps:/[]:.%@ a0").ofMaxLength(24));
	}

	@Provide
	Arbitrary<String> paths() {
		return Arbitraries.of("/api/things", "/", "/other/x", "/api;v=1/things", "/%61pi/things", "/API/things",
				"/api/../other/x", "//api/things");
	}

	@Provide
	Arbitrary<String> methods() {
		return Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND");
	}

	@Provide
	Arbitrary<String> requestMethods() {
		return Arbitraries.of("", "", "GET", "PUT", "DELETE", "get", "BOGUS");
	}

	@Provide
	Arbitrary<List<String>> vary() {
		return Arbitraries.of("Origin", "Accept", "Access-Control-Request-Method", "Origin, Accept")
			.list()
			.ofMaxSize(2);
	}

	@Provide
	Arbitrary<CorsMapping> mappings() {
		Arbitrary<List<String>> origins = Arbitraries
			.of(List.of("https://app.example.com"), List.of("https://app.example.com", "http://[::1]:3000"),
					List.of("http://localhost:3000"), List.of());
		Arbitrary<List<String>> exposed = Arbitraries.of(List.of(), List.of("ETag"), List.of("ETag", "Location"));
		Arbitrary<List<String>> paths = Arbitraries.of(List.of("/**"), List.of("/api/**"), List.of("/other/**"),
				List.of("/api/**", "/**"));
		return net.jqwik.api.Combinators
			.combine(origins, exposed, paths, Arbitraries.of(true, false),
					Arbitraries.of(List.of("GET", "POST"), List.of("GET", "PUT", "DELETE")))
			.as((allowed, exposedHeaders, mappingPaths, credentials, methods) -> {
				CorsMapping mapping = new CorsMapping();
				mapping.setPaths(mappingPaths);
				mapping.setAllowedOrigins(allowed);
				if (allowed.isEmpty()) {
					mapping.setAllowedOriginPatterns(List.of("https://*.example.com", "http://[::1]:[*]"));
				}
				mapping.setExposedHeaders(exposedHeaders);
				mapping.setAllowCredentials(credentials);
				mapping.setAllowedMethods(methods);
				return mapping;
			});
	}

}
