package dev.hardening.autoconfigure.idempotency;

import dev.hardening.autoconfigure.redis.HardeningRedisAutoConfiguration;
import dev.hardening.autoconfigure.web.WebHardeningAutoConfiguration;
import dev.hardening.idempotency.IdempotencyStore;
import dev.hardening.idempotency.internal.LocalIdempotencyStore;
import dev.hardening.idempotency.redis.RedisIdempotencyStore;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedisExtension.class)
class IdempotencyAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IdempotencyAutoConfiguration.class,
				HardeningRedisAutoConfiguration.class, WebHardeningAutoConfiguration.class));

	@Test
	void keepsKeysInTheProcessWithoutRedis() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(IdempotencyStore.class).hasBean("hardeningIdempotencyFilter");
			assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(LocalIdempotencyStore.class);
		});
	}

	@Test
	void sharesKeysThroughRedisWhenRedisIsConfiguredUnlessToldLocal(TestRedis redis) {
		this.runner.withPropertyValues("hardening.redis.url=" + redis.uri())
			.run((context) -> assertThat(context.getBean(IdempotencyStore.class))
				.isInstanceOf(RedisIdempotencyStore.class));
		this.runner.withPropertyValues("hardening.redis.url=" + redis.uri(), "hardening.idempotency.store=local")
			.run((context) -> assertThat(context.getBean(IdempotencyStore.class))
				.isInstanceOf(LocalIdempotencyStore.class));
	}

	@Test
	void aRedisStoreWithoutRedisFailsAtStartupNamingTheProperty() {
		this.runner.withPropertyValues("hardening.idempotency.store=redis")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.idempotency.store")
				.hasMessageContaining("Redis is not configured"));
	}

	@Test
	void keepsTheApplicationsStore() {
		IdempotencyStore own = IdempotencyStore.local(1024);
		this.runner.withBean(IdempotencyStore.class, () -> own)
			.run((context) -> assertThat(context.getBean(IdempotencyStore.class)).isSameAs(own));
	}

	@Test
	void backsOffWhenDisabledOrWithoutSpringMvc() {
		this.runner.withPropertyValues("hardening.idempotency.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IdempotencyStore.class)
				.doesNotHaveBean("hardeningIdempotencyFilter"));
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(IdempotencyStore.class));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"hardening.idempotency.policies[0].name=|hardening.idempotency.policies[0].name|Every policy needs a name",
			"hardening.idempotency.policies[0].name=a b|hardening.idempotency.policies[0].name|letters, digits",
			"hardening.idempotency.policies[0].methods=GET|hardening.idempotency.policies[0].methods[0]|idempotent already",
			"hardening.idempotency.policies[0].methods=PO ST|hardening.idempotency.policies[0].methods[0]|HTTP method",
			"hardening.idempotency.policies[0].key=global|hardening.idempotency.policies[0].key|another's response",
			"hardening.idempotency.policies[0].key=nobody|hardening.idempotency.policies[0].key|RateLimitKeyResolver",
			"hardening.idempotency.lease=0s|hardening.idempotency.lease|positive",
			"hardening.idempotency.max-response-size=0B|hardening.idempotency.max-response-size|at least 1B",
			"hardening.idempotency.replay-headers=Bad Header|hardening.idempotency.replay-headers[0]|header name" })
	void aBadSettingFailsAtStartupNamingTheProperty(String setting, String property, String message) {
		this.runner.withPropertyValues("hardening.idempotency.policies[0].name=orders", setting)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(property)
				.hasMessageContaining(message));
	}

	@Test
	void anIdempotentAnnotationNamingNoPolicyFailsAtStartup() {
		this.runner
			.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
			.withUserConfiguration(MisnamedController.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("@Idempotent(\"payments\")")
				.hasMessageContaining("hardening.idempotency.policies"));
	}

	@Configuration(proxyBeanMethods = false)
	static class MisnamedController {

		@Bean
		Payments payments() {
			return new Payments();
		}

	}

	@RestController
	static class Payments {

		@PostMapping("/payments")
		@Idempotent("payments")
		String pay() {
			return "paid";
		}

	}

}
