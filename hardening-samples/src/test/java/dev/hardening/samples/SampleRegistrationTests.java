package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registration route's own policy, from {@code @RateLimit("registration")}: 5 a minute per
 * address, on top of the per-address policy of every route.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.test=registration")
class SampleRegistrationTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void allowsFiveRegistrationsAMinuteFromOneAddress() throws Exception {
		for (int i = 1; i <= 5; i++) {
			assertThat(register("user" + i + "@example.com").statusCode()).as("registration %d", i).isEqualTo(201);
		}

		HttpResponse<String> sixth = register("user6@example.com");

		assertThat(sixth.statusCode()).isEqualTo(429);
		assertThat(sixth.headers().allValues("RateLimit-Policy")).contains("\"registration\";q=5;w=60");
		assertThat(sixth.body()).contains("\"policy\":\"registration\"");
	}

	private HttpResponse<String> register(String email) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/accounts"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + email + "\", \"displayName\": \"Ada\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
