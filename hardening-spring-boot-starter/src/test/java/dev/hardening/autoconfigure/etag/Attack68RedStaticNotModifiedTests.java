package dev.hardening.autoconfigure.etag;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RED. docs/conditional-requests.md, "Evaluation order": "A {@code 304} carries the {@code ETag},
 * {@code Cache-Control} and {@code Vary} its {@code 200} would have had" (RFC 9110 §15.4.5). A
 * static resource's {@code 200} carries the filter's shallow ETag, but its {@code 304} for a
 * current {@code If-Modified-Since} (answered by Spring's resource handler, which the filter then
 * leaves alone as it is not a {@code 200}) has none, on {@code GET} and {@code HEAD}: a cache
 * refreshing its stored copy with that {@code 304} cannot keep the validator current. The
 * {@code 304} should carry the same ETag as the {@code 200}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = Attack68RedStaticNotModifiedTests.App.class)
class Attack68RedStaticNotModifiedTests {

	private static final String FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";

	@LocalServerPort
	private int port;

	@Test
	void aNotModifiedForIfModifiedSinceCarriesTheETagOfTheOk() {
		Attack68Wire wire = new Attack68Wire(this.port);
		Attack68Wire.Response ok = wire.send("GET", "/assets/head-test.css", null);
		Attack68Wire.Response notModified = wire.send("GET", "/assets/head-test.css", null, "If-Modified-Since", FUTURE);

		assertThat(ok.status()).isEqualTo(200);
		assertThat(ok.header("ETag")).isNotNull();
		assertThat(notModified.status()).isEqualTo(304);
		assertThat(notModified.header("ETag")).as(notModified.toString()).isEqualTo(ok.header("ETag"));
	}

	@Test
	void soDoesAHead() {
		Attack68Wire wire = new Attack68Wire(this.port);
		String etag = wire.send("HEAD", "/assets/head-test.css", null).header("ETag");
		Attack68Wire.Response notModified = wire.send("HEAD", "/assets/head-test.css", null, "If-Modified-Since", FUTURE);

		assertThat(etag).isNotNull();
		assertThat(notModified.status()).isEqualTo(304);
		assertThat(notModified.header("ETag")).isEqualTo(etag);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
