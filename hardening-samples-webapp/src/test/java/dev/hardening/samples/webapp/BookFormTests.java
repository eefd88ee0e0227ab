package dev.hardening.samples.webapp;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "add a book" form: shown with its token, re-shown with messages when it is not filled in
 * right, and a new book's page when it is.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BookFormTests {

	@LocalServerPort
	private int port;

	private Site site;

	@BeforeEach
	void signIn() {
		this.site = new Site(this.port);
		this.site.signIn();
	}

	@Test
	void theFormIsShownWithItsToken() {
		HttpResponse<String> form = this.site.page("/books/new");

		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("<title>Add a book · Library</title>").contains("action=\"/books\"");
		assertThat(Site.csrfToken(form.body())).isNotBlank();
	}

	@Test
	void aFormFilledInWrongIsShownAgainWithItsMessages() {
		String token = Site.csrfToken(this.site.page("/books/new").body());

		HttpResponse<String> response = this.site.submit("/books",
				form(token, " ", "Anonymous", "1200"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
		assertThat(response.body()).contains("<title>Add a book · Library</title>")
			.contains("Give the book a title.")
			.contains("Give a year from 1450 on.")
			.doesNotContain("Say who wrote it.")
			.contains("value=\"Anonymous\"");
	}

	@Test
	void aFormFilledInRightAddsTheBook() {
		String token = Site.csrfToken(this.site.page("/books/new").body());

		HttpResponse<String> response = this.site.submit("/books",
				form(token, "The Dispossessed", "Ursula K. Le Guin", "1974"));

		assertThat(response.statusCode()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).matches(this.site.uri("/books/").toString() + "\\d+");
		HttpResponse<String> book = this.site.page(location.substring(location.indexOf("/books/")));
		assertThat(book.statusCode()).isEqualTo(200);
		assertThat(book.body()).contains("The book is in the catalogue.")
			.contains("<title>The Dispossessed · Library</title>");
	}

	@Test
	void aFormWithoutItsTokenIsForbidden() {
		HttpResponse<String> response = this.site.submit("/books",
				form(null, "The Lathe of Heaven", "Ursula K. Le Guin", "1971"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(this.site.page("/").body()).doesNotContain("The Lathe of Heaven");
	}

	private static Map<String, String> form(@Nullable String token, String title, String author, String year) {
		Map<String, String> fields = new LinkedHashMap<>();
		if (token != null) {
			fields.put("_csrf", token);
		}
		fields.put("title", title);
		fields.put("author", author);
		fields.put("year", year);
		return fields;
	}

}
