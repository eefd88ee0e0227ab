package dev.hardening.autoconfigure.etag;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hardening.etag.weak=false} with compression on anyway (the doc says not to): a strong
 * shallow tag must never stand for gzip bytes and identity bytes alike (RFC 9110 §8.8.3).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = CompressionStrongShallowTagsTests.App.class,
		properties = { "hardening.etag.weak=false", "server.compression.enabled=true",
				"server.compression.min-response-size=64B",
				"server.compression.mime-types=application/json,text/css" })
class CompressionStrongShallowTagsTests {

	@LocalServerPort
	private int port;

	/** A strong shallow tag goes only on identity bytes (Tomcat then does not compress). */
	@Test
	void aStrongShallowTagIsNeverOnGzipBytes() {
		EtagWire wire = new EtagWire(this.port);
		for (String path : new String[] { "/c/shallow", "/assets/head-test.css" }) {
			EtagWire.Response gzip = wire.send("GET", path, null, "Accept-Encoding", "gzip");
			EtagWire.Response identity = wire.send("GET", path, null);

			assertThat(gzip.header("ETag")).as(gzip.toString()).doesNotStartWith("W/");
			assertThat(gzip.header("Content-Encoding")).as(gzip.toString()).isNull();
			assertThat(gzip.header("ETag")).isEqualTo(identity.header("ETag"));
			assertThat(gzip.header("Content-Length")).isEqualTo(identity.header("Content-Length"));
		}
	}

	/**
	 * If-Range with the strong tag and gzip gets the whole (identity) representation: no
	 * 206 of gzip bytes under identity offsets.
	 */
	@Test
	void ifRangeWithAStrongShallowTagAndGzipGetsTheWholeIdentity() {
		EtagWire wire = new EtagWire(this.port);
		String tag = wire.send("GET", "/assets/head-test.css", null).header("ETag");

		EtagWire.Response response = wire.send("GET", "/assets/head-test.css", null, "Accept-Encoding", "gzip",
				"Range", "bytes=0-2047", "If-Range", tag);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Encoding")).isNull();
		assertThat(response.header("ETag")).isEqualTo(tag);
		assertThat(response.header("Content-Length")).isEqualTo("3366");
	}

	/**
	 * Found by an attack, fixed. With strong shallow tags, the setup in which a client can use them in If-Match, a client
	 * resuming with {@code Range: bytes=0-2047} and {@code If-Match} naming a version the
	 * stylesheet no longer is ({@code "stale"}) gets a {@code 206} of the current version, which it
	 * splices onto its old bytes. RFC 9110 §13.1.1/§13.2.2: a false If-Match is a {@code 412}
	 * before any Range is served (a 200 with the same If-Match does get the 412).
	 */
	@Test
	void aRangeWithAStaleStrongIfMatchFails() {
		EtagWire wire = new EtagWire(this.port);
		String tag = wire.send("GET", "/assets/head-test.css", null).header("ETag");

		EtagWire.Response current = wire.send("GET", "/assets/head-test.css", null, "Range", "bytes=0-2047",
				"If-Match", tag);
		EtagWire.Response stale = wire.send("GET", "/assets/head-test.css", null, "Accept-Encoding", "gzip", "Range",
				"bytes=0-2047", "If-Match", "\"stale\"");

		// a range with a precondition is answered whole, the precondition evaluated on it (RFC 9110 §14.2)
		assertThat(current.status()).as(current.toString()).isEqualTo(200);
		assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(CompressionConditionalAttackTests.Controller.class)
	static class App {

	}

}
