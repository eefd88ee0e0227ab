package dev.hardening.samples.webapp;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON API: reading and adding books, and the API's own error bodies.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BookApiTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	private Site site;

	@BeforeEach
	void client() {
		this.site = new Site(this.port);
	}

	@Test
	void theCatalogueIsAJsonList() {
		HttpResponse<String> response = get("/api/books");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
		JsonNode books = JSON.readTree(response.body());
		assertThat(books.isArray()).isTrue();
		assertThat(books.get(0).path("title").asString()).isEqualTo("The Left Hand of Darkness");
	}

	@Test
	void aBookIsAJsonObject() {
		HttpResponse<String> response = get("/api/books/3");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
		JsonNode book = JSON.readTree(response.body());
		assertThat(book.path("id").asLong()).isEqualTo(3);
		assertThat(book.path("author").asString()).isEqualTo("Toni Morrison");
		assertThat(book.path("year").asInt()).isEqualTo(1987);
	}

	@Test
	void aMissingBookIsTheApisOwnNotFoundError() {
		HttpResponse<String> response = get("/api/books/999999");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
		JsonNode error = JSON.readTree(response.body());
		assertThat(error.path("error").asString()).isEqualTo("BOOK_NOT_FOUND");
		assertThat(error.path("message").asString()).isEqualTo("No book has the number 999999.");
	}

	@Test
	void anAddedBookIsCreatedAtItsOwnAddress() {
		HttpResponse<String> response = post("/api/books",
				"{\"title\": \"Kindred\", \"author\": \"Octavia E. Butler\", \"year\": 1979}");

		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode book = JSON.readTree(response.body());
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).isEqualTo(this.site.uri("/api/books/" + book.path("id").asLong()).toString());
		HttpResponse<String> created = get("/api/books/" + book.path("id").asLong());
		assertThat(created.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(created.body()).path("title").asString()).isEqualTo("Kindred");
	}

	@Test
	void anInvalidBookIsTheApisOwnValidationError() {
		HttpResponse<String> response = post("/api/books", "{\"title\": \"\", \"author\": \"Nobody\", \"year\": 99}");

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = JSON.readTree(response.body());
		assertThat(error.path("error").asString()).isEqualTo("INVALID_BOOK");
		assertThat(error.path("fields").has("title")).isTrue();
		assertThat(error.path("fields").has("year")).isTrue();
		assertThat(error.path("fields").has("author")).isFalse();
	}

	@Test
	void anUnexpectedFailureIsTheApisOwnServerError() {
		HttpResponse<String> response = post("/api/books/export", "");

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
		JsonNode error = JSON.readTree(response.body());
		assertThat(error.path("error").asString()).isEqualTo("INTERNAL_ERROR");
		assertThat(response.body()).doesNotContain("IllegalStateException").doesNotContain("No export target");
	}

	private HttpResponse<String> get(String path) {
		return this.site.api(HttpRequest.newBuilder(this.site.uri(path)), true);
	}

	private HttpResponse<String> post(String path, String json) {
		return this.site.api(HttpRequest.newBuilder(this.site.uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)), true);
	}

}
