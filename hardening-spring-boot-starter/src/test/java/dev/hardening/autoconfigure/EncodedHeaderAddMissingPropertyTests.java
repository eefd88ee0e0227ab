package dev.hardening.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.catalina.connector.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever headers a response already has (the same names in any letter case, the stopping one
 * or not), through whatever wrappers (ones that watch {@code addHeader}, {@code containsHeader} or
 * {@code getHeader}, hide a header, say which names they pass, or are the starter's own), committed
 * or not, {@link EncodedHeader#addMissing} followed, when it says it did nothing, by the caller's
 * own Servlet API path ends as that path alone would: the same headers, the same calls seen by the
 * wrappers. Two real Tomcat responses side by side.
 */
class EncodedHeaderAddMissingPropertyTests {

	private static final EncodedHeaderName UNLESS = EncodedHeaderName.of("X-Frame-Options");

	private static final List<EncodedHeader> POOL = List.of(EncodedHeader.of("X-Content-Type-Options", "nosniff"),
			EncodedHeader.of("Referrer-Policy", "no-referrer"), EncodedHeader.of("referrer-policy", "origin"),
			EncodedHeader.of("X-Frame-Options", "DENY"),
			EncodedHeader.of("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
			EncodedHeader.of("Cross-Origin-Opener-Policy", "same-origin"));

	@Property(tries = 1000)
	void endsAsTheServletApiPathAlone(@ForAll("wrappers") List<Integer> wrappers,
			@ForAll("existing") List<Tuple.Tuple3<Boolean, String, String>> existing,
			@ForAll("batch") List<Integer> batch, @ForAll boolean committed) {
		EncodedHeader[] headers = batch.stream().map(POOL::get).toArray(EncodedHeader[]::new);
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
		List<String> before = EncodedHeaderAddMissingTests.lines(bytes);

		boolean done = EncodedHeader.addMissing(bytes, headers, UNLESS);
		if (!done) {
			assertThat(EncodedHeaderAddMissingTests.lines(bytes)).isEqualTo(before);
			assertThat(seenBytes).isEmpty();
			servletApiPath(bytes, headers);
		}
		servletApiPath(text, headers);

		assertThat(seenBytes).isEqualTo(seenText);
		assertThat(EncodedHeaderAddMissingTests.lines(bytes)).isEqualTo(EncodedHeaderAddMissingTests.lines(text));
	}

	/** The caller's path: nothing if the response has the stopping header, else each missing one. */
	private static void servletApiPath(HttpServletResponse response, EncodedHeader[] headers) {
		if (response.getHeader(UNLESS.name()) != null) {
			return;
		}
		for (EncodedHeader header : headers) {
			if (!response.containsHeader(header.name())) {
				response.addHeader(header.name(), header.value());
			}
		}
	}

	@Provide
	Arbitrary<List<Integer>> wrappers() {
		return Arbitraries.integers().between(0, 6).list().ofMaxSize(3);
	}

	@Provide
	Arbitrary<List<Tuple.Tuple3<Boolean, String, String>>> existing() {
		Arbitrary<String> name = Arbitraries.of("X-Content-Type-Options", "x-content-type-options", "Referrer-Policy",
				"REFERRER-POLICY", "X-Frame-Options", "x-frame-options", "Content-Security-Policy", "X-Other", "ETag");
		Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(12);
		return Combinators.combine(Arbitraries.of(true, false), name, value).as(Tuple::of).list().ofMaxSize(4);
	}

	@Provide
	Arbitrary<List<Integer>> batch() {
		return Arbitraries.integers().between(0, POOL.size() - 1).list().ofMaxSize(6);
	}

}
