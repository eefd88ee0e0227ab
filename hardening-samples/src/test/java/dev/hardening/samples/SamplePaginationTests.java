package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's projects by offset page and its events table by cursor (110 requests: the
 * per-address rate limit is off here).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "hardening.rate-limit.enabled=false")
class SamplePaginationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void answersAPageOfProjectsWithItsBodyAndLinks() throws Exception {
		for (int i = 0; i < 4; i++) {
			post("/projects", "{\"name\": \"Project " + i + "\", \"owner\": \"lead@example.com\"}");
		}

		HttpResponse<String> response = get("/projects?status=ACTIVE&page=2&size=2");

		JsonNode page = JSON.readTree(response.body());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(page.path("items")).hasSize(2);
		assertThat(page.path("page").asInt()).isEqualTo(2);
		assertThat(page.path("size").asInt()).isEqualTo(2);
		assertThat(page.path("hasPrevious").asBoolean()).isTrue();
		long total = page.path("total").asLong();
		assertThat(total).isGreaterThanOrEqualTo(5);
		assertThat(response.headers().firstValue("X-Total-Count")).hasValue(Long.toString(total));
		assertThat(response.headers().firstValue("Link").orElseThrow())
			.startsWith("</projects?status=ACTIVE&page=1&size=2>; rel=\"first\", ")
			.contains("</projects?status=ACTIVE&page=3&size=2>; rel=\"next\"");
	}

	@Test
	void refusesAPageTooLarge() throws Exception {
		HttpResponse<String> response = get("/projects?size=100000");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(JSON.readTree(response.body()).path("code").asString()).isEqualTo("PAGE_SIZE_TOO_LARGE");
	}

	@Test
	void pagesTheEventsTableByCursorToTheEndWithNoRowTwice() throws Exception {
		Set<Long> seen = new HashSet<>();
		String cursor = null;
		long previous = Long.MAX_VALUE;
		do {
			HttpResponse<String> response = get("/events?size=100" + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode page = JSON.readTree(response.body());
			for (JsonNode event : page.path("items")) {
				assertThat(seen.add(event.path("id").asLong())).isTrue();
				// newest first, ties broken by id: ids of this table fall with time
				assertThat(event.path("id").asLong()).isLessThan(previous);
				previous = event.path("id").asLong();
			}
			cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
		}
		while (cursor != null);

		assertThat(seen).hasSize(10_000);
	}

	@Test
	void refusesATamperedCursorAndSelectsFields() throws Exception {
		JsonNode first = JSON.readTree(get("/events?size=2&fields=id,type").body());
		String cursor = first.path("nextCursor").asString();
		String tampered = (cursor.charAt(5) == 'A' ? "B" : "A");
		tampered = cursor.substring(0, 5) + tampered + cursor.substring(6);

		HttpResponse<String> refused = get("/events?size=2&cursor=" + tampered);

		assertThat(first.path("items").get(0).toString()).matches("\\{\"id\":\\d+,\"type\":\"\\w+\"}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(refused.body()).path("code").asString()).isEqualTo("INVALID_CURSOR");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private void post(String path, String body) throws Exception {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(201);
	}

}
