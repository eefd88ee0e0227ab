package dev.hardening.samples.webapp;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a REST client that caches expects of the API's {@code ResponseEntity} reads: an
 * {@code ETag}, and a {@code 304} without a body when it sends that tag back.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ApiCachingTests {

	@LocalServerPort
	private int port;

	private Site site;

	@BeforeEach
	void client() {
		this.site = new Site(this.port);
	}

	@Test
	void aBookCarriesAnETagAndTheSameTagAnswersNotModified() {
		assertETagRevalidates("/api/books/1");
	}

	@Test
	void theCatalogueCarriesAnETagAndTheSameTagAnswersNotModified() {
		assertETagRevalidates("/api/books");
	}

	@Test
	void twoBooksHaveDifferentTags() {
		String first = get("/api/books/1", null).headers().firstValue("ETag").orElse("none");
		String second = get("/api/books/2", null).headers().firstValue("ETag").orElse("none");

		assertThat(first).isNotEqualTo("none");
		assertThat(second).isNotEqualTo("none").isNotEqualTo(first);
	}

	private void assertETagRevalidates(String path) {
		HttpResponse<String> first = get(path, null);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("ETag")).as("ETag of " + path + "; headers " + first.headers().map())
			.isPresent();
		String etag = first.headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> again = get(path, etag);
		assertThat(again.statusCode()).as("revalidating " + path + " with " + etag).isEqualTo(304);
		assertThat(again.body()).isEmpty();
		assertThat(again.headers().firstValue("ETag")).hasValue(etag);
	}

	private HttpResponse<String> get(String path, @Nullable String ifNoneMatch) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.site.uri(path));
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		return this.site.api(request, true);
	}

}
