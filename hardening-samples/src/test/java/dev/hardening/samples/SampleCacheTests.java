package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.hardening.test.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's project cache: a repeat read is served from the process, and Redis failing under
 * it costs speed, never an error response.
 */
class SampleCacheTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void aRepeatReadIsServedFromTheProcess() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			int port = port(context);
			MeterRegistry meters = context.getBean(MeterRegistry.class);

			assertThat(get(port, "/projects/1").statusCode()).isEqualTo(200);
			double hitsBefore = hits(meters);
			assertThat(get(port, "/projects/1").statusCode()).isEqualTo(200);

			assertThat(hits(meters)).isEqualTo(hitsBefore + 1);
		}
	}

	@Test
	void stoppingRedisDuringReadsProducesNoErrorResponses() throws Exception {
		try (TestRedis redis = TestRedis.startDedicated();
				ConfigurableApplicationContext context = start("hardening.redis.url=" + redis.uri(),
						"hardening.cache.caches.projects.l1-ttl=1ms", "hardening.cache.caches.projects.jitter=0")) {
			int port = port(context);
			assertThat(get(port, "/projects/1").statusCode()).isEqualTo(200);

			redis.stop();

			for (int i = 0; i < 30; i++) {
				HttpResponse<String> response = get(port, "/projects/1");
				assertThat(response.statusCode()).as("read %d with Redis down: %s", i, response.body()).isEqualTo(200);
				assertThat(response.body()).contains("\"id\":1");
			}
		}
	}

	private static double hits(MeterRegistry meters) {
		return meters.get("cache.gets").tags("cache", "projects", "result", "hit").functionCounter().count();
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

}
