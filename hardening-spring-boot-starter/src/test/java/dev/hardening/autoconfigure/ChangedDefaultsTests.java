package dev.hardening.autoconfigure;

import java.util.Arrays;
import java.util.List;

import dev.hardening.autoconfigure.cache.TieredSpringCache;
import dev.hardening.cache.CacheSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an existing application that adds the starter is told at startup: each Spring Boot or
 * application setting whose value the starter changes, once, at INFO; nothing for what the
 * application set itself and the starter keeps.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChangedDefaultsTests {

	@Test
	void compressionTurnedOnIsLoggedOnceAtInfoWithThePropertyThatTurnsItOff(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Plain.class)) {
			assertThat(context.getEnvironment().getProperty("server.compression.enabled")).isEqualTo("true");
		}

		assertThat(lines(output, "server.compression.enabled")).singleElement()
			.asString()
			.contains(" INFO ")
			.contains("server.compression.enabled: false -> true")
			.contains("restore: server.compression.enabled=false");
		assertThat(lines(output, "server.compression.min-response-size")).singleElement()
			.asString()
			.contains("2KB -> 1KB");
		assertThat(lines(output, "server.compression.mime-types")).singleElement()
			.asString()
			.contains("-> application/json,application/problem+json,");
		// without @EnableCaching Boot configured no cache: nothing changed there
		assertThat(lines(output, "spring.cache")).isEmpty();
	}

	@Test
	void nothingIsLoggedForCompressionTheApplicationConfiguredItself(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Plain.class, "server.compression.enabled=true")) {
			assertThat(context.getEnvironment().getProperty("server.compression.min-response-size")).isNull();
		}
		try (ConfigurableApplicationContext context = start(Plain.class, "server.compression.mime-types=text/csv")) {
			assertThat(context.getEnvironment().getProperty("server.compression.enabled")).isNull();
		}

		assertThat(lines(output, "server.compression")).isEmpty();
		assertThat(lines(output, "Changed by hardening")).isNotEmpty();
	}

	@Test
	void theApplicationsCaffeineSpecIsKeptAndTheExpiryAddedIsLoggedOnce(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Caching.class, "spring.cache.caffeine.spec=maximumSize=5")) {
			CacheSpec spec = spec(context, "any");
			assertThat(spec.maxSize()).isEqualTo(5);
			assertThat(spec.ttl()).hasMinutes(10);
		}

		assertThat(lines(output, "spring.cache.caffeine.spec")).singleElement()
			.asString()
			.contains(" INFO ")
			.contains("spring.cache.caffeine.spec: maximumSize=5 -> maximumSize=5,expireAfterWrite=10m")
			.contains("restore: hardening.cache.enabled=false");
	}

	@Test
	void aCaffeineSpecHardeningCanExpressIsKeptExactlyAndNotLogged(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Caching.class,
				"spring.cache.caffeine.spec=expireAfterWrite=30s,maximumSize=500")) {
			CacheSpec spec = spec(context, "any");
			assertThat(spec.maxSize()).isEqualTo(500);
			assertThat(spec.ttl()).hasSeconds(30);
			assertThat(spec.jitter()).isZero();
		}

		assertThat(lines(output, "spring.cache")).isEmpty();
	}

	@Test
	void anUnboundedCaffeineCacheThatGetsASizeAndAnExpiryIsLogged(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Caching.class)) {
			assertThat(spec(context, "any").maxSize()).isEqualTo(10_000);
		}

		assertThat(lines(output, "spring.cache.caffeine.spec")).singleElement()
			.asString()
			.contains("not set (unbounded, entries never expire) -> maximumSize=10000,expireAfterWrite=10m "
					+ "(expiry shortened at random by up to 10%)");
	}

	@Test
	void aBoundedSpecThatGetsAnExpiryIsLoggedAsCachingMdQuotesIt(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Caching.class, "spring.cache.caffeine.spec=maximumSize=5")) {
			assertThat(spec(context, "any").maxSize()).isEqualTo(5);
		}

		assertThat(lines(output, "spring.cache.caffeine.spec")).singleElement()
			.asString()
			.endsWith(": Changed by hardening: spring.cache.caffeine.spec: maximumSize=5 -> "
					+ "maximumSize=5,expireAfterWrite=10m (expiry shortened at random by up to 10%) "
					+ "(restore: hardening.cache.enabled=false)");
	}

	@Test
	void settingsOfTheSpecHardeningCannotKeepAreNamed(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Caching.class,
				"spring.cache.caffeine.spec=maximumSize=5,expireAfterAccess=5m")) {
			assertThat(spec(context, "any").maxSize()).isEqualTo(5);
		}

		assertThat(lines(output, "spring.cache.caffeine.spec")).singleElement()
			.asString()
			.contains("(not applied: expireAfterAccess=5m)");
	}

	@Test
	void cacheNamesAreCreatedAtStartupAndOtherNamesRefusedAsSpringBootDoes(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Caching.class, "spring.cache.cache-names=projects,users",
				"spring.cache.caffeine.spec=maximumSize=50,expireAfterWrite=1m")) {
			CacheManager manager = context.getBean(CacheManager.class);
			assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("projects", "users");
			assertThat(manager.getCache("other")).isNull();
		}

		assertThat(lines(output, "spring.cache")).isEmpty();
	}

	@Test
	void cachingTheApplicationTurnedOffStaysOff(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Caching.class, "spring.cache.type=none")) {
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(NoOpCacheManager.class);
		}

		assertThat(lines(output, "spring.cache")).isEmpty();
	}

	@Test
	void anotherCacheTypeReplacedIsLogged(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Caching.class, "spring.cache.type=simple")) {
			assertThat(spec(context, "any").maxSize()).isEqualTo(10_000);
		}

		assertThat(lines(output, "spring.cache.type")).singleElement()
			.asString()
			.contains("spring.cache.type: simple -> hardening's cache manager (maximumSize=10000");
	}

	@Test
	void poolDefaultsSayHikarisValueAndWhyAndOnlyThoseThatDiffer(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Plain.class, "spring.datasource.url=jdbc:h2:mem:changes",
				"spring.datasource.hikari.max-lifetime=900000", "spring.application.name=orders")) {
			assertThat(context.getEnvironment().getProperty("spring.datasource.hikari.connection-timeout"))
				.isEqualTo("3000");
		}

		assertThat(lines(output, "spring.datasource.hikari.connection-timeout")).singleElement()
			.asString()
			.contains("30000 -> 3000")
			.contains("restore: spring.datasource.hikari.connection-timeout=30000")
			.contains("why: an exhausted pool fails fast");
		assertThat(lines(output, "spring.datasource.hikari.leak-detection-threshold")).singleElement()
			.asString()
			.contains("0 -> 60000");
		assertThat(lines(output, "spring.datasource.hikari.pool-name")).singleElement()
			.asString()
			.contains("HikariPool-1 (generated) -> orders");
		// the application's own value, and a default equal to HikariCP's, are not changes
		assertThat(lines(output, "spring.datasource.hikari.max-lifetime")).isEmpty();
		assertThat(lines(output, "spring.datasource.hikari.keepalive-time")).isEmpty();
	}

	@Test
	void httpClientTimeoutsJsonLimitsAndTomcatLogLevelsAreLogged(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(Plain.class, "spring.http.clients.read-timeout=5s")) {
			assertThat(context).isNotNull();
		}

		assertThat(lines(output, "spring.http.clients.connect-timeout")).singleElement()
			.asString()
			.contains("-> 2000ms");
		assertThat(lines(output, "spring.http.clients.read-timeout")).isEmpty();
		assertThat(lines(output, "spring.jackson.factory.constraints.read.max-nesting-depth")).singleElement()
			.asString()
			.contains("500 -> 64");
		assertThat(lines(output, "spring.jackson.factory.constraints.read.max-string-length")).singleElement()
			.asString()
			.contains("100000000 -> 1000000");
		assertThat(lines(output, "spring.jackson.factory.constraints.read.max-document-length")).singleElement()
			.asString()
			.contains("-1 (unlimited) -> 1048576");
		assertThat(lines(output, "logging.level.org.apache.coyote.http11.Http11Processor")).singleElement()
			.asString()
			.contains("-> WARN (restore: logging.level.org.apache.coyote.http11.Http11Processor=INFO)");
		assertThat(lines(output, "logging.level.org.apache.tomcat.util.http.parser.Cookie")).singleElement()
			.asString()
			.contains("-> WARN");
	}

	@Test
	void tomcatLimitsThatOverrideBootsOrTheApplicationsAreLogged(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Plain.class)
			.web(WebApplicationType.SERVLET)
			.properties("spring.main.banner-mode=off", "server.port=0")
			.run("--server.max-http-request-header-size=16KB")) {
			assertThat(context).isNotNull();
		}

		assertThat(lines(output, "server.max-http-request-header-size")).singleElement()
			.asString()
			.contains("16KB -> 8KB")
			.contains("restore: hardening.web.limits.max-header-size=16KB");
		assertThat(lines(output, "server.tomcat.max-http-form-post-size")).singleElement()
			.asString()
			.contains("2MB -> 1MB");
		// Boot's 1000 parameters is hardening's too
		assertThat(lines(output, "server.tomcat.max-parameter-count")).isEmpty();
	}

	private static List<String> lines(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).toList();
	}

	private static CacheSpec spec(ConfigurableApplicationContext context, String cache) {
		return ((TieredSpringCache) context.getBean(CacheManager.class).getCache(cache)).getNativeCache().spec();
	}

	/** Starts an application whose own configuration (command-line arguments here) is the properties. */
	private static ConfigurableApplicationContext start(Class<?> application, String... properties) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.run(Arrays.stream(properties).map((property) -> "--" + property).toArray(String[]::new));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Plain {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class Caching {

	}

}
