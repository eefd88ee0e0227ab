package dev.hardening.autoconfigure.ratelimit;

import dev.hardening.autoconfigure.redis.HardeningRedisAutoConfiguration;
import dev.hardening.autoconfigure.web.WebHardeningAutoConfiguration;
import dev.hardening.ratelimit.FailoverRateLimiter;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedisExtension.class)
class RateLimitAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class,
				HardeningRedisAutoConfiguration.class, WebHardeningAutoConfiguration.class))
		.withPropertyValues("hardening.rate-limit.policies[0].name=per-ip",
				"hardening.rate-limit.policies[0].paths=/**", "hardening.rate-limit.policies[0].limits[0].capacity=10",
				"hardening.rate-limit.policies[0].limits[0].period=1m");

	@Test
	void usesTheLocalBackendWithoutRedis() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RateLimiter.class).hasBean("hardeningRateLimitFilter");
			assertThat(context.getBean(RateLimiter.class)).isNotInstanceOf(FailoverRateLimiter.class);
		});
	}

	@Test
	void usesRedisBehindABreakerWhenRedisIsConfigured(TestRedis redis) {
		this.runner.withPropertyValues("hardening.redis.url=" + redis.uri())
			.run((context) -> assertThat(context.getBean(RateLimiter.class)).isInstanceOf(FailoverRateLimiter.class));
		this.runner.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port())
			.run((context) -> assertThat(context.getBean(RateLimiter.class)).isInstanceOf(FailoverRateLimiter.class));
		this.runner.withPropertyValues("hardening.redis.url=" + redis.uri(), "hardening.rate-limit.backend=local")
			.run((context) -> assertThat(context.getBean(RateLimiter.class)).isNotInstanceOf(FailoverRateLimiter.class));
	}

	@Test
	void healthSaysWhichBackendDecidesAndWhetherItIsDegradedNow(TestRedis redis) {
		this.runner.run((context) -> assertThat(health(context).getDetails()).containsEntry("backend", "local"));
		this.runner.withPropertyValues("hardening.redis.url=" + redis.uri(), "hardening.rate-limit.fail-mode=open")
			.run((context) -> {
				assertThat(health(context).getStatus()).isEqualTo(Status.UP);
				assertThat(health(context).getDetails()).containsEntry("backend", "redis")
					.containsEntry("failMode", "open")
					.containsEntry("degraded", false);

				context.getBean(FailoverRateLimiter.class).breaker().transitionToOpenState();

				assertThat(health(context).getStatus()).isEqualTo(Status.UP);
				assertThat(health(context).getDetails()).containsEntry("breaker", "OPEN").containsEntry("degraded", true);
			});
	}

	private static Health health(AssertableWebApplicationContext context) {
		return context.getBean("rateLimitHealthIndicator", HealthIndicator.class).health();
	}

	@Test
	void keepsTheApplicationsLimiter() {
		RateLimiter own = RateLimiter.local(5);
		this.runner.withBean(RateLimiter.class, () -> own)
			.run((context) -> assertThat(context.getBean(RateLimiter.class)).isSameAs(own));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("hardening.rate-limit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimiter.class).doesNotHaveBean("hardeningRateLimitFilter"));
	}

	@Test
	void countsWithMicrometerWhenARegistryIsThere() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context.getBean(RateLimitMetrics.class))
				.isInstanceOf(MicrometerRateLimitMetrics.class));
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RateLimitMetrics.class));
	}

	@Test
	void acceptsAKeyResolverBeanByName() {
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].key=tenantKey")
			.withBean("tenantKey", RateLimitKeyResolver.class, () -> (request) -> request.getHeader("X-Tenant"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void failsAtStartupOnARedisBackendWithoutRedis() {
		this.runner.withPropertyValues("hardening.rate-limit.backend=redis")
			.run(failsNaming("hardening.rate-limit.backend", "Redis is not configured"));
	}

	@Test
	void failsAtStartupOnZeroCapacityOrPeriod() {
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].limits[0].capacity=0")
			.run(failsNaming("hardening.rate-limit.policies[0].limits[0].capacity", "capacity must be at least 1"));
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].limits[0].period=0s")
			.run(failsNaming("hardening.rate-limit.policies[0].limits[0].period", "period must be at least 1ms"));
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].limits[0].capacity=-3")
			.run(failsNaming("hardening.rate-limit.policies[0].limits[0].capacity", "capacity must be at least 1"));
	}

	@Test
	void failsAtStartupOnPeriodsBeyondTenYearsNamingThePeriodRatherThanOverflowing() {
		// 300 years: Duration.toNanos() overflows past 292
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].limits[0].period=109500d")
			.run(failsNaming("hardening.rate-limit.policies[0].limits[0].period", "period must be at most 3650d"));
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].limits[0].period=3651d")
			.run(failsNaming("hardening.rate-limit.policies[0].limits[0].period", "period must be at most 3650d"));
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].limits[0].period=3650d")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void failsAtStartupOnACapacityTooHighForItsPeriodNamingTheCapacity() {
		this.runner
			.withPropertyValues("hardening.rate-limit.policies[0].limits[0].capacity=100000000000",
					"hardening.rate-limit.policies[0].limits[0].period=3650d")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner
			.withPropertyValues("hardening.rate-limit.policies[0].limits[0].capacity=100000000000",
					"hardening.rate-limit.policies[0].limits[0].period=1d")
			.run(failsNaming("hardening.rate-limit.policies[0].limits[0].capacity",
					"capacity 100000000000 per PT24H refills faster than one token per microsecond"));
	}

	@Test
	void failsAtStartupOnABreakerDurationOrKeyPrefixTheLimiterCannotUse() {
		this.runner.withPropertyValues("hardening.rate-limit.breaker.open-for=0s")
			.run(failsNaming("hardening.rate-limit.breaker.open-for", "between 1ms and 1d"));
		this.runner.withPropertyValues("hardening.rate-limit.breaker.open-for=-5s")
			.run(failsNaming("hardening.rate-limit.breaker.open-for", "between 1ms and 1d"));
		this.runner.withPropertyValues("hardening.rate-limit.breaker.open-for=400000000000d")
			.run(failsNaming("hardening.rate-limit.breaker.open-for", "between 1ms and 1d"));
		this.runner.withPropertyValues("hardening.rate-limit.key-prefix= ")
			.run(failsNaming("hardening.rate-limit.key-prefix", "must not be blank"));
	}

	@Test
	void failsAtStartupOnAKeyThatDoesNotExist() {
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].key=tenant")
			.run(failsNaming("hardening.rate-limit.policies[0].key", "RateLimitKeyResolver bean"));
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].key=header:")
			.run(failsNaming("hardening.rate-limit.policies[0].key", "header name"));
	}

	@Test
	void failsAtStartupOnOtherBadPolicies() {
		this.runner.withPropertyValues("hardening.rate-limit.policies[1].name=per-ip",
				"hardening.rate-limit.policies[1].limits[0].capacity=1", "hardening.rate-limit.policies[1].limits[0].period=1s")
			.run(failsNaming("hardening.rate-limit.policies[1].name", "same name"));
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].name=per ip")
			.run(failsNaming("hardening.rate-limit.policies[0].name", "name must be"));
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].paths=/api/{*rest}/more")
			.run(failsNaming("hardening.rate-limit.policies[0].paths[0]", "path pattern"));
		this.runner.withPropertyValues("hardening.rate-limit.policies[0].cost=11")
			.run(failsNaming("hardening.rate-limit.policies[0].cost", "no call could pass"));
		this.runner.withPropertyValues("hardening.rate-limit.max-keys=0")
			.run(failsNaming("hardening.rate-limit.max-keys", "at least 1"));
	}

	@Test
	void failsAtStartupOnAnAnnotationNamingNoPolicy() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class,
					WebHardeningAutoConfiguration.class, WebMvcAutoConfiguration.class,
					DispatcherServletAutoConfiguration.class))
			.withBean(MisspelledController.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("@RateLimit(\"registraton\")")
					.hasStackTraceContaining("hardening.rate-limit.policies");
			});
	}

	private static ContextConsumer<AssertableWebApplicationContext> failsNaming(String property, String reason) {
		return (context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Property " + property + " with value")
				.hasMessageContaining(reason);
		};
	}

	@RestController
	static class MisspelledController {

		@GetMapping("/register")
		@RateLimit("registraton")
		String register() {
			return "ok";
		}

	}

}
