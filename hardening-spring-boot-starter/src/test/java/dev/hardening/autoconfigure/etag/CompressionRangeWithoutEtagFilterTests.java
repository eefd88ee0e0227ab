package dev.hardening.autoconfigure.etag;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control for {@code CompressionConditionalAttackTests}: with the ETag machinery off
 * ({@code hardening.etag.enabled=false}), Spring's resource handler answers a Range request with a
 * current If-Modified-Since with {@code 304}, as RFC 9110 §13.2.2 asks.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = CompressionRangeWithoutEtagFilterTests.App.class,
		properties = { "hardening.etag.enabled=false", "server.compression.enabled=true",
				"server.compression.min-response-size=64B", "server.compression.mime-types=text/css" })
class CompressionRangeWithoutEtagFilterTests {

	@LocalServerPort
	private int port;

	/** Spring alone answers 304 to Range + a current If-Modified-Since. */
	@Test
	void springAloneAnswersARangeWithACurrentIfModifiedSinceWith304() {
		EtagWire wire = new EtagWire(this.port);
		String lastModified = wire.send("GET", "/assets/head-test.css", null).header("Last-Modified");

		EtagWire.Response response = wire.send("GET", "/assets/head-test.css", null, "Accept-Encoding", "gzip",
				"Range", "bytes=0-2047", "If-Modified-Since", lastModified);

		assertThat(lastModified).isNotNull();
		assertThat(response.status()).as(response.toString()).isEqualTo(304);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
