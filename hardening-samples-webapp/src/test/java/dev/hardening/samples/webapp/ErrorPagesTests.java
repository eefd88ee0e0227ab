package dev.hardening.samples.webapp;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser that hits an error gets the library's own error pages: {@code error/404.html} for
 * a page that is not there, {@code error.html} for anything else.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ErrorPagesTests {

	@LocalServerPort
	private int port;

	private Site site;

	@BeforeEach
	void visit() {
		this.site = new Site(this.port);
	}

	@Test
	void anUnknownAddressShowsTheNotFoundPage() {
		HttpResponse<String> response = this.site.page("/no/such/page");

		assertNotFoundPage(response);
	}

	@Test
	void aBookThatIsNotInTheCatalogueShowsTheNotFoundPage() {
		HttpResponse<String> response = this.site.page("/books/999999");

		assertNotFoundPage(response);
	}

	@Test
	void aMalformedAddressShowsTheErrorPage() {
		HttpResponse<String> response = this.site.page("/books/not-a-number");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
		assertThat(response.body()).contains("<title>Error 400 · Library</title>")
			.contains("Sorry, something went wrong")
			.contains("Bad Request")
			.contains("href=\"/css/app.css\"");
	}

	@Test
	void aFailureInAPageShowsTheErrorPage() {
		this.site.signIn();

		HttpResponse<String> response = this.site.page("/books/export");

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
		assertThat(response.body()).contains("<title>Error 500 · Library</title>")
			.contains("Sorry, something went wrong")
			.contains("Internal Server Error")
			.doesNotContain("IllegalStateException")
			.doesNotContain("No export target");
	}

	private static void assertNotFoundPage(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
		assertThat(response.body()).contains("<title>Page not found · Library</title>")
			.contains("This page is not on our shelves")
			.contains("href=\"/css/app.css\"");
	}

}
