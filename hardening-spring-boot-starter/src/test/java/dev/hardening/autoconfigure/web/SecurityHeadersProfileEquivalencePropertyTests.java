package dev.hardening.autoconfigure.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hardening.autoconfigure.ResponseWrappers;
import jakarta.servlet.http.HttpServletResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.http.MimeHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SecurityHeaders.Profile#addMissing} as a whole, its one-look path and all, against the
 * Servlet API path it replaced (each of the profile's other headers added if the response lacks
 * it, then its X-Frame-Options unless the application set one, then the Content-Security-Policy
 * whose {@code frame-ancestors} matches the X-Frame-Options, if the response lacks one), on two
 * real Tomcat responses side by side: for every profile of configurations that move its headers
 * about (X-Frame-Options removed, or overridden under a lower-case name; a policy without
 * {@code frame-ancestors}, or none; a Content-Type among the headers; an override in another
 * letter case), whatever headers the response has (the application's X-Frame-Options in any case
 * and value, empty too), through wrappers that watch {@code addHeader}, {@code containsHeader} or
 * {@code getHeader} or are the starter's own base class, committed or not: the same header lines,
 * in the same order, and the same calls seen by the wrappers.
 */
class SecurityHeadersProfileEquivalencePropertyTests {

	@Property(tries = 1500)
	void endsAsTheServletApiPathItReplaced(@ForAll("configurations") int configuration,
			@ForAll("profiles") int profileIndex, @ForAll("wrappers") List<Integer> wrappers,
			@ForAll("existing") List<Tuple.Tuple3<Boolean, String, String>> existing, @ForAll boolean committed) {
		SecurityHeaders headers = SecurityHeaders.of(properties(configuration));
		SecurityHeaders.Profile profile = switch (profileIndex) {
			case 0 -> headers.api();
			case 1 -> headers.browser();
			default -> headers.bodiless();
		};
		org.apache.coyote.Response bytesCoyote = new org.apache.coyote.Response();
		org.apache.coyote.Response textCoyote = new org.apache.coyote.Response();
		List<String> seenBytes = new ArrayList<>();
		List<String> seenText = new ArrayList<>();
		HttpServletResponse bytes = ResponseWrappers.wrap(new Response(bytesCoyote).getResponse(), wrappers, seenBytes);
		HttpServletResponse text = ResponseWrappers.wrap(new Response(textCoyote).getResponse(), wrappers, seenText);
		for (Tuple.Tuple3<Boolean, String, String> header : existing) {
			for (HttpServletResponse response : List.of(bytes, text)) {
				if (header.get1()) {
					response.setHeader(header.get2(), header.get3());
				}
				else {
					response.addHeader(header.get2(), header.get3());
				}
			}
		}
		bytesCoyote.setCommitted(committed);
		textCoyote.setCommitted(committed);
		seenBytes.clear();
		seenText.clear();

		profile.addMissing(bytes);
		servletApiPath(profile, text);

		assertThat(lines(bytesCoyote)).isEqualTo(lines(textCoyote));
		assertThat(seenBytes).isEqualTo(seenText);
	}

	/** The path the one look replaced, through the Servlet API alone. */
	private static void servletApiPath(SecurityHeaders.Profile profile, HttpServletResponse response) {
		for (String name : profile.names()) {
			if (name.equalsIgnoreCase(SecurityHeaders.FRAME_OPTIONS)
					|| name.equalsIgnoreCase(SecurityHeaders.CONTENT_SECURITY_POLICY)) {
				continue;
			}
			if (!response.containsHeader(name)) {
				response.addHeader(name, profile.value(name));
			}
		}
		String applicationFrameOptions = response.getHeader(SecurityHeaders.FRAME_OPTIONS);
		String frameOptions = profile.value(SecurityHeaders.FRAME_OPTIONS);
		if (applicationFrameOptions == null && frameOptions != null) {
			response.addHeader(SecurityHeaders.FRAME_OPTIONS, frameOptions);
		}
		String policy = profile.policyFor(applicationFrameOptions);
		if (policy != null && !response.containsHeader(SecurityHeaders.CONTENT_SECURITY_POLICY)) {
			response.addHeader(SecurityHeaders.CONTENT_SECURITY_POLICY, policy);
		}
	}

	private static SecurityHeadersProperties properties(int configuration) {
		SecurityHeadersProperties properties = new SecurityHeadersProperties();
		Map<String, String> overrides = new LinkedHashMap<>();
		switch (configuration) {
			case 1 -> overrides.put("X-Frame-Options", "");
			case 2 -> overrides.put("x-frame-options", "SAMEORIGIN");
			case 3 -> {
				properties.setApiContentSecurityPolicy("default-src 'none'");
				properties.setBrowserContentSecurityPolicy("default-src 'self'; frame-ancestors https://a.example");
			}
			case 4 -> overrides.put("Content-Security-Policy", "");
			case 5 -> overrides.put("Content-Type", "text/plain");
			case 6 -> {
				overrides.put("referrer-policy", "origin");
				overrides.put("X-Extra", "1");
			}
			default -> {
			}
		}
		properties.setOverrides(overrides);
		return properties;
	}

	private static List<String> lines(org.apache.coyote.Response coyote) {
		MimeHeaders headers = coyote.getMimeHeaders();
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < headers.size(); i++) {
			lines.add(headers.getName(i).toString() + ": " + headers.getValue(i).toString());
		}
		if (coyote.getContentType() != null) {
			lines.add("(content type) " + coyote.getContentType());
		}
		return lines;
	}

	@Provide
	Arbitrary<Integer> configurations() {
		return Arbitraries.integers().between(0, 6);
	}

	@Provide
	Arbitrary<Integer> profiles() {
		return Arbitraries.integers().between(0, 2);
	}

	@Provide
	Arbitrary<List<Integer>> wrappers() {
		// plain, watching add, contains or get, the starter's own base class (ResponseWrappers' kinds)
		return Arbitraries.of(0, 1, 2, 3, 5).list().ofMaxSize(3);
	}

	@Provide
	Arbitrary<List<Tuple.Tuple3<Boolean, String, String>>> existing() {
		Arbitrary<String> name = Arbitraries.of("X-Frame-Options", "x-frame-options", "X-FRAME-OPTIONS",
				"Content-Security-Policy", "content-security-policy", "Referrer-Policy", "REFERRER-POLICY",
				"X-Content-Type-Options", "Permissions-Policy", "X-Extra", "x-extra", "ETag");
		Arbitrary<String> value = Arbitraries.of("DENY", "SAMEORIGIN", " sameorigin ", "deny",
				"ALLOW-FROM https://a.example", "", "x", "default-src 'self'");
		return Combinators.combine(Arbitraries.of(true, false), name, value).as(Tuple::of).list().ofMaxSize(4);
	}

}
