package dev.hardening.autoconfigure.etag;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ranges of static resources with nothing but the starter's own compression defaults (on, from
 * 1 KB, CSS included): no {@code server.compression.*} set by the application.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = CompressionDefaultsRangeAttackTests.App.class)
class CompressionDefaultsRangeAttackTests {

	@LocalServerPort
	private int port;

	/** The defaults are in effect: the whole 3366-byte stylesheet goes out gzip to a gzip client. */
	@Test
	void theStarterCompressesAStylesheet() {
		EtagWire.Response response = new EtagWire(this.port).send("GET", "/assets/head-test.css", null,
				"Accept-Encoding", "gzip");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
		assertThat(response.header("ETag")).startsWith("W/");
	}

	/**
	 * Found by an attack, fixed. {@code GET /assets/head-test.css} with {@code Range: bytes=0-2047} and
	 * {@code Accept-Encoding: gzip} gets {@code 206}, {@code Content-Range: bytes 0-2047/3366} and
	 * {@code Content-Encoding: gzip}: the offsets and length count identity bytes, the body is the
	 * gzip of that slice, so the response describes no representation at all (RFC 9110 §14.4: a
	 * range is of the selected representation, content coding included; §8.4.1). A client or cache
	 * assembling the gzip representation from ranges, or mixing this slice with an identity one
	 * (bytes 2048- are under 1 KB and go out identity), corrupts it. The right answer is the
	 * identity slice (no Content-Encoding on a 206, as the starter turned compression on), or the
	 * whole 200, which the ETag filter now gives: it does not take a range where the answer may be
	 * compressed.
	 */
	@Test
	void aRangeUnderTheStartersDefaultsIsNotAGzipSliceOfIdentityOffsets() {
		EtagWire.Response response = new EtagWire(this.port).send("GET", "/assets/head-test.css", null,
				"Accept-Encoding", "gzip", "Range", "bytes=0-2047");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Range")).isNull();
		assertThat(response.header("ETag")).startsWith("W/");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
