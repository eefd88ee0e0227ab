package dev.hardening.autoconfigure.etag;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the ETag filter reads {@code Accept-Encoding} to tell whether a range may be answered in
 * part ({@link EtagFilter#acceptsGzip}): {@code gzip} or {@code *} with a weight above 0 accept a
 * compressed answer; a weight it cannot read counts as accepting (the client loses only its range).
 */
class AcceptsGzipPropertyTests {

	@Example
	void weightsDecide() {
		assertThat(accepts("gzip")).isTrue();
		assertThat(accepts("br, GZIP;q=0.5")).isTrue();
		assertThat(accepts("*")).isTrue();
		assertThat(accepts("gzip ; q=abc")).isTrue();
		assertThat(accepts("gzip;q=0")).isFalse();
		assertThat(accepts("gzip;q=0.000")).isFalse();
		assertThat(accepts("identity;q=1, *;q=0")).isFalse();
		assertThat(accepts("deflate, br")).isFalse();
		assertThat(accepts("xgzip, gzipx")).isFalse();
		assertThat(accepts(null)).isFalse();
	}

	@Property(tries = 2000)
	void anyHeaderIsReadWithoutFailing(@ForAll String value) {
		accepts(value);
	}

	@Property(tries = 500)
	void aRefusedCodingAmongOthersIsRefused(@ForAll("codings") String other) {
		assertThat(accepts(other + ", gzip;q=0")).isEqualTo(accepts(other));
	}

	@net.jqwik.api.Provide
	net.jqwik.api.Arbitrary<String> codings() {
		return net.jqwik.api.Arbitraries.of("deflate", "br", "identity", "compress", "zstd", "deflate;q=0.5",
				"br;q=0");
	}

	private static boolean accepts(String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		if (value != null) {
			request.addHeader("Accept-Encoding", value);
		}
		return EtagFilter.acceptsGzip(request);
	}

}
