package dev.hardening.autoconfigure.redis;

import java.time.Duration;

import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedisExtension.class)
class HardeningRedisAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HardeningRedisAutoConfiguration.class));

	@Test
	void doesNothingWithoutARedisAddress() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(RedisConnector.class));
	}

	@Test
	void connectsToHardeningRedisUrlWithProductionTimeouts(TestRedis redis) {
		this.runner.withPropertyValues("hardening.redis.url=" + redis.uri()).run((context) -> {
			RedisConnector connector = context.getBean(RedisConnector.class);
			assertThat(connector.commands().ping()).isEqualTo("PONG");
			assertThat(connector.settings().commandTimeout()).isEqualTo(Duration.ofMillis(250));
			assertThat(connector.settings().connectTimeout()).isEqualTo(Duration.ofMillis(100));
		});
	}

	@Test
	void takesTheAddressFromSpringDataRedisButKeepsItsOwnTimeouts(TestRedis redis) {
		this.runner
			.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.timeout=60s", "hardening.redis.command-timeout=400ms")
			.run((context) -> {
				RedisConnector connector = context.getBean(RedisConnector.class);
				assertThat(connector.commands().ping()).isEqualTo("PONG");
				assertThat(connector.settings().commandTimeout()).isEqualTo(Duration.ofMillis(400));
			});
		this.runner.withPropertyValues("spring.data.redis.url=" + redis.uri())
			.run((context) -> assertThat(context.getBean(RedisConnector.class).commands().ping())
				.isEqualTo("PONG"));
	}

	@Test
	void staysOffWhenDisabled(TestRedis redis) {
		this.runner.withPropertyValues("hardening.redis.url=" + redis.uri(), "hardening.redis.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RedisConnector.class));
	}

	@Test
	void failsAtStartupOnABadUrlWithoutEchoingIt() {
		this.runner.withPropertyValues("hardening.redis.url=http://user:hunter2@cache").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.redis.url")
				.hasMessageContaining("redis://")
				.hasMessageNotContaining("hunter2");
		});
	}

	@Test
	void failsAtStartupOnANonPositiveTimeout() {
		this.runner.withPropertyValues("hardening.redis.url=redis://localhost", "hardening.redis.command-timeout=0s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.redis.command-timeout"));
	}

	@Test
	void propertyDefaultsAreTheCoreDefaults() {
		HardeningRedisProperties properties = new HardeningRedisProperties();

		assertThat(properties.getCommandTimeout()).isEqualTo(RedisSettings.DEFAULT_COMMAND_TIMEOUT);
		assertThat(properties.getConnectTimeout()).isEqualTo(RedisSettings.DEFAULT_CONNECT_TIMEOUT);
		assertThat(properties.getReconnect().getMinDelay()).isEqualTo(RedisSettings.DEFAULT_RECONNECT_MIN_DELAY);
		assertThat(properties.getReconnect().getMaxDelay()).isEqualTo(RedisSettings.DEFAULT_RECONNECT_MAX_DELAY);
	}

}
