package dev.hardening.autoconfigure.etag;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by an attack, and fixed. docs/conditional-requests.md, "Evaluation order": "A {@code 304} carries the {@code ETag},
 * {@code Cache-Control} and {@code Vary} its {@code 200} would have had" (RFC 9110 §15.4.5). A
 * static resource's {@code 200} carries the filter's shallow ETag, but its {@code 304} for a
 * current {@code If-Modified-Since} (answered by Spring's resource handler, which the filter then
 * leaves alone as it is not a {@code 200}) has none, on {@code GET} and {@code HEAD}: a cache
 * refreshing its stored copy with that {@code 304} cannot keep the validator current. The
 * {@code 304} should carry the same ETag as the {@code 200}.
 * Now the application is shown such a request without {@code If-Modified-Since} (when it has no
 * {@code If-None-Match}); the filter hashes the whole answer and answers the date itself, with the
 * ETag.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = StaticNotModifiedTests.App.class)
class StaticNotModifiedTests {

	private static final String FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";

	@LocalServerPort
	private int port;

	@Test
	void aNotModifiedForIfModifiedSinceCarriesTheETagOfTheOk() {
		EtagWire wire = new EtagWire(this.port);
		EtagWire.Response ok = wire.send("GET", "/assets/head-test.css", null);
		EtagWire.Response notModified = wire.send("GET", "/assets/head-test.css", null, "If-Modified-Since", FUTURE);

		assertThat(ok.status()).isEqualTo(200);
		assertThat(ok.header("ETag")).isNotNull();
		assertThat(notModified.status()).isEqualTo(304);
		assertThat(notModified.header("ETag")).as(notModified.toString()).isEqualTo(ok.header("ETag"));
	}

	@Test
	void soDoesAHead() {
		EtagWire wire = new EtagWire(this.port);
		String etag = wire.send("HEAD", "/assets/head-test.css", null).header("ETag");
		EtagWire.Response notModified = wire.send("HEAD", "/assets/head-test.css", null, "If-Modified-Since", FUTURE);

		assertThat(etag).isNotNull();
		assertThat(notModified.status()).isEqualTo(304);
		assertThat(notModified.header("ETag")).isEqualTo(etag);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
