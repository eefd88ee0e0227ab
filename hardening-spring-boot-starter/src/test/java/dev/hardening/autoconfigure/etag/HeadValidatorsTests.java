package dev.hardening.autoconfigure.etag;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code HEAD} carries the validators {@code GET} would (RFC 9110 §9.3.2): the same ETag and
 * Content-Length, for a static resource (whose handler answers {@code HEAD} without writing the
 * body) and for a controller, and a matching {@code If-None-Match} gets a {@code 304} on both.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HeadValidatorsTests.TestApplication.class)
class HeadValidatorsTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/assets/head-test.css", "/items" })
	void headCarriesTheETagAndContentLengthOfGet(String path) {
		HttpResponse<String> get = this.http.get(path);
		HttpResponse<String> head = this.http.send("HEAD", path, null);

		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.body()).isNotEmpty();
		String etag = get.headers().firstValue("ETag").orElseThrow();
		assertThat(get.headers().firstValue("Content-Length")).hasValue(Integer.toString(get.body().length()));
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
		assertThat(head.headers().firstValue("ETag")).hasValue(etag);
		assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(get.body().length()));
		assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/assets/head-test.css", "/items" })
	void aHeadWithTheETagOfGetIsNotModified(String path) {
		String etag = this.http.get(path).headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> head = this.http.send("HEAD", path, null, "If-None-Match", etag);

		assertThat(head.statusCode()).isEqualTo(304);
		assertThat(head.headers().firstValue("ETag")).hasValue(etag);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		@GetMapping("/items")
		List<Map<String, Object>> items() {
			return List.of(Map.of("id", 1, "name", "first"), Map.of("id", 2, "name", "second"));
		}

	}

}
