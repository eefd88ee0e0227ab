package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestPostgres;
import dev.hardening.test.TestRedis;
import dev.hardening.test.TestRedisCluster;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the sample on one Redis and one PostgreSQL database, as in production: nothing
 * but {@code hardening.redis.url} (or {@code hardening.redis.cluster.nodes}) and the data source
 * change, and they share one budget, one cache and the projects' versions, which are their ETags.
 * Each test runs on one Redis server and on a three-primary Redis Cluster.
 */
@ExtendWith(RedisExtension.class)
class SampleTwoInstancesTests {

	private static final AtomicInteger SCHEMAS = new AtomicInteger();

	private final HttpClient client = HttpClient.newHttpClient();

	@BeforeEach
	void emptyRedis(TestRedis redis) {
		// one Redis and one Cluster for the class: each test starts with full buckets and empty caches
		redis.flush();
		TestRedisCluster.shared().flushAll();
	}

	@ParameterizedTest
	@ValueSource(strings = { "server", "cluster" })
	void twoInstancesOnOneRedisShareThePerAddressBudget(String topology, TestRedis redis) throws Exception {
		String where = redisProperty(topology, redis);
		try (ConfigurableApplicationContext first = start(where, null);
				ConfigurableApplicationContext second = start(where, null)) {
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

	@ParameterizedTest
	@ValueSource(strings = { "server", "cluster" })
	void anUpdateThroughOneInstanceIsVisibleThroughTheOtherWithItsNewETag(String topology, TestRedis redis)
			throws Exception {
		String database = newDatabase();
		String where = redisProperty(topology, redis);
		try (ConfigurableApplicationContext first = start(where, database);
				ConfigurableApplicationContext second = start(where, database)) {
			int a = port(first);
			int b = port(second);
			assertThat(get(b, "/projects/1").body()).contains("\"name\":\"hardening\"");
			String etag = get(a, "/projects/1").headers().firstValue("ETag").orElseThrow();

			HttpResponse<String> updated = put(a, etag, "Renamed");
			assertThat(updated.statusCode()).isEqualTo(200);
			String newETag = updated.headers().firstValue("ETag").orElseThrow();
			assertThat(newETag).isNotEqualTo(etag);

			// the cached body through the shared cache's invalidation, the ETag from the shared database
			await().untilAsserted(() -> assertThat(get(b, "/projects/1").body()).contains("\"name\":\"Renamed\""));
			assertThat(get(b, "/projects/1").headers().firstValue("ETag")).contains(newETag);
			HttpResponse<String> stale = put(b, etag, "Lost update");
			assertThat(stale.statusCode()).isEqualTo(412);
			assertThat(stale.body()).contains("\"code\":\"PRECONDITION_FAILED\"");
			assertThat(get(a, "/projects/1").body()).contains("\"name\":\"Renamed\"");
		}
	}

	private HttpResponse<String> put(int port, String ifMatch, String name) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/projects/1"))
			.header("Content-Type", "application/json")
			.header("If-Match", ifMatch)
			.PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\", \"owner\": \"lead@example.com\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A schema of its own in the test PostgreSQL, for the two instances of one test to share. */
	private static String newDatabase() throws Exception {
		TestPostgres postgres = TestPostgres.shared();
		String schema = "two_instances_" + SCHEMAS.incrementAndGet() + "_" + ProcessHandle.current().pid();
		try (Connection connection = postgres.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
		}
		String url = postgres.jdbcUrl();
		return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	private HttpResponse<String> get(int port) throws Exception {
		return get(port, "/projects");
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String redisProperty(String topology, TestRedis redis) {
		return topology.equals("cluster")
				? "hardening.redis.cluster.nodes=" + String.join(",", TestRedisCluster.shared().addresses())
				: "hardening.redis.url=" + redis.uri();
	}

	private static ConfigurableApplicationContext start(String redisProperty, @Nullable String database) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(SampleApplication.class)
			// the sample's policies, the per-address one refilled over an hour: the test never races the clock
			.profiles("slow-refill")
			.properties("server.port=0", "spring.main.banner-mode=off", redisProperty);
		if (database != null) {
			builder.properties("spring.datasource.url=" + database);
		}
		return builder.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

}
