package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two clients that read the same version and both update with its ETag: checking If-Match and
 * then writing would let both pass the check; the sample's conditional UPDATE lets exactly one win.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// this test counts If-Match outcomes, not the per-address budget
		properties = "hardening.rate-limit.enabled=false")
class SampleLostUpdateTests {

	private static final int ROUNDS = 200;

	private static final int WRITERS = 4;

	private static final ExecutorService pool = Executors.newFixedThreadPool(WRITERS);

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@AfterAll
	static void stopPool() {
		pool.shutdownNow();
	}

	@Test
	void ofConcurrentUpdatesWithTheSameETagExactlyOneWinsAndTheOthersGet412() throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			String path = send("POST", "/projects", "{\"name\": \"Race " + round + "\", \"owner\": \"lead@example.com\"}", null)
				.headers().firstValue("Location").orElseThrow();
			String etag = send("GET", path, null, null).headers().firstValue("ETag").orElseThrow();
			CyclicBarrier start = new CyclicBarrier(WRITERS);
			List<Future<HttpResponse<String>>> updates = new ArrayList<>();
			for (int writer = 0; writer < WRITERS; writer++) {
				String body = "{\"name\": \"Writer " + writer + "\", \"owner\": \"lead@example.com\"}";
				updates.add(pool.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					return send("PUT", path, body, etag);
				}));
			}
			int won = 0;
			String winner = null;
			for (Future<HttpResponse<String>> update : updates) {
				HttpResponse<String> response = update.get(30, TimeUnit.SECONDS);
				assertThat(response.statusCode()).as("round %d: %s", round, response.body()).isIn(200, 412);
				if (response.statusCode() == 200) {
					won++;
					winner = response.body();
				}
				else {
					assertThat(response.body()).contains("\"code\":\"PRECONDITION_FAILED\"");
				}
			}
			assertThat(won).as("round %d: updates that won", round).isEqualTo(1);
			HttpResponse<String> current = send("GET", path, null, null);
			assertThat(current.body()).as("round %d: what a reader sees is what the winner wrote", round).isEqualTo(winner);
			assertThat(current.headers().firstValue("ETag")).hasValue("\"2\"");
		}
	}

	private HttpResponse<String> send(String method, String path, String body, String ifMatch) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
