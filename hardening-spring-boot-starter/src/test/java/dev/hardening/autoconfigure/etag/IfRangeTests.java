package dev.hardening.autoconfigure.etag;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by an attack, and fixed. The starter gives static resources an ETag and announces {@code Accept-Ranges: bytes}, but
 * nothing evaluates {@code If-Range} (RFC 9110 §13.1.5, one of "the conditional fields of RFC
 * 9110" the doc's first sentence covers): a client resuming a download with the validator of an
 * older copy ({@code If-Range: "stale"}), or with the weak tag it was given (a weak tag never
 * matches {@code If-Range}), gets a {@code 206} slice of the current representation, which it
 * then splices onto its old bytes. "If the validator does not match, the server MUST ignore the
 * Range header field": the answer should be the full {@code 200}. Found in Spring's resource
 * handler, reached through the starter's tags; the doc does not mention {@code If-Range} at all.
 * Now the application is shown a request with {@code If-Range} without its {@code Range} on the
 * paths the ETag filter covers, so it is answered in full (RFC 9110 §14.2 lets a server ignore
 * {@code Range}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = IfRangeTests.App.class)
class IfRangeTests {

	@LocalServerPort
	private int port;

	@Test
	void aRangeWithoutIfRangeIsPartial() {
		EtagWire.Response partial = new EtagWire(this.port).send("GET", "/assets/head-test.css", null, "Range",
				"bytes=0-3");

		assertThat(partial.status()).isEqualTo(206);
	}

	@Test
	void aStaleIfRangeGetsTheWholeRepresentation() {
		EtagWire.Response response = new EtagWire(this.port).send("GET", "/assets/head-test.css", null, "Range",
				"bytes=0-3", "If-Range", "\"stale\"");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	@Test
	void aWeakIfRangeNeverMatchesAndGetsTheWholeRepresentation() {
		EtagWire wire = new EtagWire(this.port);
		String weak = wire.send("GET", "/assets/head-test.css", null).header("ETag");
		EtagWire.Response response = wire.send("GET", "/assets/head-test.css", null, "Range", "bytes=0-3",
				"If-Range", weak);

		assertThat(weak).startsWith("W/");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
