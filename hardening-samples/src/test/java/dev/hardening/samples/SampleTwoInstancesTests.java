package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the sample on one Redis, as in production: nothing but
 * {@code hardening.redis.url} changes, and they share one budget.
 */
@ExtendWith(RedisExtension.class)
class SampleTwoInstancesTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@BeforeEach
	void emptyRedis(TestRedis redis) {
		// one Redis for the class: each test starts with full buckets and empty caches
		redis.flush();
	}

	@Test
	void twoInstancesOnOneRedisShareThePerAddressBudget(TestRedis redis) throws Exception {
		try (ConfigurableApplicationContext first = start(redis); ConfigurableApplicationContext second = start(redis)) {
			int[] ports = { port(first), port(second) };
			for (int i = 0; i < 100; i++) {
				assertThat(get(ports[i % 2]).statusCode()).as("request %d", i + 1).isEqualTo(200);
			}

			HttpResponse<String> rejected = get(ports[0]);

			assertThat(rejected.statusCode()).isEqualTo(429);
			assertThat(rejected.headers().firstValue("RateLimit")).get().asString().startsWith("\"per-ip\";r=0;");
			assertThat(get(ports[1]).statusCode()).isEqualTo(429);
		}
	}

	@Test
	void anUpdateThroughOneInstanceIsVisibleThroughTheOtherOnItsNextRead(TestRedis redis) throws Exception {
		try (ConfigurableApplicationContext first = start(redis); ConfigurableApplicationContext second = start(redis)) {
			int a = port(first);
			int b = port(second);
			assertThat(get(b, "/projects/1").body()).contains("\"name\":\"hardening\"");
			String etag = get(a, "/projects/1").headers().firstValue("ETag").orElseThrow();

			HttpResponse<String> updated = this.client.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + a + "/projects/1"))
						.header("Content-Type", "application/json")
						.header("If-Match", etag)
						.PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Renamed\", \"owner\": \"lead@example.com\"}"))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(updated.statusCode()).isEqualTo(200);

			// each instance holds its own projects in memory: what B returns comes from the shared cache
			await().untilAsserted(() -> assertThat(get(b, "/projects/1").body()).contains("\"name\":\"Renamed\""));
		}
	}

	private HttpResponse<String> get(int port) throws Exception {
		return get(port, "/projects");
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static ConfigurableApplicationContext start(TestRedis redis) {
		return new SpringApplicationBuilder(SampleApplication.class)
			// the sample's policies, the per-address one refilled over an hour: the test never races the clock
			.profiles("slow-refill")
			.properties("server.port=0", "spring.main.banner-mode=off", "hardening.redis.url=" + redis.uri())
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

}
