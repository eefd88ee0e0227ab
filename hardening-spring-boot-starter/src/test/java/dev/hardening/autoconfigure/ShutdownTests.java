package dev.hardening.autoconfigure;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.hardening.redis.RedisConnector;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestPostgres;
import dev.hardening.test.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing an application that uses every capability, Redis and PostgreSQL included, while a
 * request is in flight: readiness refuses traffic first, the request finishes, and the starter's
 * connections, listeners and threads close without an error or a warning in the log.
 */
@ExtendWith({ OutputCaptureExtension.class, RedisExtension.class, PostgresExtension.class })
class ShutdownTests {

	static final CountDownLatch IN_FLIGHT = new CountDownLatch(1);

	static final CountDownLatch RELEASE = new CountDownLatch(1);

	@Test
	void readinessRefusesFirstTheRequestInFlightFinishesAndNothingComplains(CapturedOutput output, TestRedis redis,
			TestPostgres postgres) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "hardening.redis.url=" + redis.uri(),
					"spring.datasource.url=" + postgres.jdbcUrl(), "hardening.web.allowed-hosts=localhost",
					"hardening.rate-limit.policies[0].name=per-ip", "hardening.rate-limit.policies[0].paths=/**",
					"hardening.rate-limit.policies[0].limits[0].capacity=100",
					"hardening.rate-limit.policies[0].limits[0].period=1m")
			.run();
		TestHttp http = new TestHttp(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
		ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
		RedisConnector redisConnector = context.getBean(RedisConnector.class);
		assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);

		CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> http.get("/slow"));
		assertThat(IN_FLIGHT.await(30, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

		await().atMost(Duration.ofSeconds(30))
			.until(availability::getReadinessState, (state) -> state == ReadinessState.REFUSING_TRAFFIC);
		RELEASE.countDown();

		assertThat(inFlight.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		closing.get(60, TimeUnit.SECONDS);
		assertThat(redisConnector.isConnected()).isFalse();
		String shutdown = output.getOut().substring(output.getOut().indexOf("Commencing graceful shutdown"));
		assertThat(shutdown).contains("Graceful shutdown complete")
			.doesNotContain(" ERROR ", " WARN ", "Exception");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	@Import(SlowController.class)
	static class TestApplication {

	}

	@RestController
	static class SlowController {

		@GetMapping("/slow")
		String slow() throws InterruptedException {
			IN_FLIGHT.countDown();
			RELEASE.await(30, TimeUnit.SECONDS);
			return "done";
		}

	}

}
