package dev.hardening.autoconfigure.actuate;

import java.util.List;
import java.util.stream.Stream;

import dev.hardening.autoconfigure.jdbc.JdbcHardeningAutoConfiguration;
import dev.hardening.autoconfigure.pagination.PaginationAutoConfiguration;
import dev.hardening.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.hardening.autoconfigure.redis.HardeningRedisAutoConfiguration;
import dev.hardening.autoconfigure.resilience.ResilienceAutoConfiguration;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.autoconfigure.web.WebHardeningAutoConfiguration;
import dev.hardening.pagination.CursorPage;
import dev.hardening.pagination.CursorPageRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each finding of the report, raised by a configuration that has the problem and absent from
 * the same configuration with the problem fixed.
 */
@ExtendWith(OutputCaptureExtension.class)
class HardeningReportTests {

	private static final String POSTGRES = "spring.datasource.url=jdbc:postgresql://db.example.com:5432/app";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HardeningReportAutoConfiguration.class, HealthAutoConfiguration.class,
				WebHardeningAutoConfiguration.class, HardeningRedisAutoConfiguration.class,
				RateLimitAutoConfiguration.class, ResilienceAutoConfiguration.class, PaginationAutoConfiguration.class,
				DataSourceAutoConfiguration.class, JdbcHardeningAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class))
		.withUserConfiguration(CursorController.class)
		// the database of the URLs below does not exist: no waiting for it at startup
		.withPropertyValues("hardening.resilience.startup.database.enabled=false",
				"hardening.web.allowed-hosts=api.example.com",
				"hardening.pagination.cursor-secret=0123456789abcdef0123456789abcdef");

	static Stream<Arguments> findings() {
		return Stream.of(
				finding("HR-DB-TLS", List.of(POSTGRES), List.of(POSTGRES + "?sslmode=verify-full")),
				finding("HR-DB-TLS", List.of(POSTGRES + "?sslmode=require"),
						List.of(POSTGRES + "?sslmode=require", "hardening.report.min-sslmode=require")),
				finding("HR-DB-TLS", List.of(POSTGRES + "?SSLMODE=verify-full"), List.of(POSTGRES + "?ssl=true")),
				finding("HR-DB-TLS", List.of("spring.datasource.url=jdbc:postgresql://[::1]:5432,db2.example.com/app"),
						List.of("spring.datasource.url=jdbc:postgresql://[::1]:5432,localhost:5433/app")),
				finding("HR-DB-TIMEOUT", List.of(POSTGRES, "hardening.jdbc.pool-defaults=false"), List.of(POSTGRES)),
				finding("HR-DB-TIMEOUT",
						List.of(POSTGRES, "spring.datasource.hikari.data-source-properties.options=-c statement_timeout=0"),
						List.of(POSTGRES)),
				finding("HR-ACTUATOR-EXPOSURE", List.of("management.endpoints.web.exposure.include=health,heapdump"),
						List.of("management.endpoints.web.exposure.include=health,info")),
				finding("HR-ACTUATOR-EXPOSURE", List.of("management.endpoints.web.exposure.include=*"),
						List.of("management.endpoints.web.exposure.include=*",
								"management.endpoints.web.exposure.exclude=*")),
				finding("HR-ACTUATOR-VALUES", List.of("management.endpoint.env.show-values=always"),
						List.of("management.endpoint.env.show-values=never")),
				finding("HR-LIVENESS-DEPENDENCY",
						List.of("management.endpoint.health.group.liveness.include=livenessState,db"),
						List.of("management.endpoint.health.group.liveness.include=livenessState")),
				finding("HR-CORS-WILDCARD",
						List.of("management.endpoints.web.cors.allowed-origin-patterns=*",
								"management.endpoints.web.cors.allow-credentials=true"),
						List.of("management.endpoints.web.cors.allowed-origin-patterns=*")),
				finding("HR-HOSTS-EMPTY", List.of("hardening.web.allowed-hosts="),
						List.of("hardening.web.allowed-hosts=", "server.address=127.0.0.1")),
				finding("HR-REDIS-TIMEOUT",
						List.of("hardening.redis.url=redis://localhost:6379", "hardening.redis.command-timeout=60s"),
						List.of("hardening.redis.url=redis://localhost:6379", "hardening.redis.command-timeout=300ms")),
				finding("HR-REDIS-PLAINTEXT", List.of("hardening.redis.url=redis://cache.internal:6379"),
						List.of("hardening.redis.url=rediss://cache.internal:6379")),
				finding("HR-REDIS-PLAINTEXT", List.of("hardening.redis.cluster.nodes=127.0.0.1:7000,10.0.0.2:7000"),
						List.of("hardening.redis.cluster.nodes=127.0.0.1:7000,[::1]:7001")),
				finding("HR-REDIS-PLAINTEXT",
						List.of("hardening.redis.sentinel.master=m", "hardening.redis.sentinel.nodes=s1:26379"),
						List.of("hardening.redis.sentinel.master=m", "hardening.redis.sentinel.nodes=s1:26379",
								"hardening.redis.ssl.enabled=true")),
				finding("HR-REDIS-CLUSTER-REFRESH",
						List.of("hardening.redis.cluster.nodes=localhost:7000", "hardening.redis.cluster.refresh-period=0"),
						List.of("hardening.redis.cluster.nodes=localhost:7000")),
				finding("HR-HTTP-TIMEOUT", List.of("spring.http.clients.read-timeout=2m"),
						List.of("spring.http.clients.read-timeout=5s")),
				finding("HR-HTTP-TIMEOUT", List.of("hardening.resilience.policies.slow.timeout=90s"),
						List.of("hardening.resilience.policies.slow.timeout=9s")),
				finding("HR-RATELIMIT-LOCAL",
						List.of("hardening.redis.url=redis://localhost:6379", "hardening.rate-limit.backend=local"),
						List.of("hardening.redis.url=redis://localhost:6379")),
				finding("HR-RATELIMIT-IPV6-PREFIX", List.of("hardening.rate-limit.ipv6-prefix=128"),
						List.of("hardening.rate-limit.ipv6-prefix=56")),
				finding("HR-CURSOR-SECRET", List.of("hardening.pagination.cursor-secret="), List.of()),
				finding("HR-SHUTDOWN-IMMEDIATE", List.of("server.shutdown=immediate"), List.of("server.shutdown=graceful")));
	}

	private static Arguments finding(String id, List<String> with, List<String> without) {
		return Arguments.of(id, with.toArray(String[]::new), without.toArray(String[]::new));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("findings")
	void raisedByAConfigurationWithTheProblemAndNotOtherwise(String id, String[] with, String[] without) {
		this.runner.withPropertyValues(with).run((context) -> assertThat(ids(context)).contains(id));
		this.runner.withPropertyValues(without).run((context) -> assertThat(ids(context)).doesNotContain(id));
	}

	@Test
	void refusesSettingsItCannotUse() {
		this.runner.withPropertyValues("hardening.report.min-sslmode=strict")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("hardening.report.min-sslmode"));
		this.runner.withPropertyValues("hardening.report.expected-instances=0")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("hardening.report.expected-instances"));
	}

	@Test
	void aBaselineConfigurationHasNoFinding() {
		this.runner.run((context) -> assertThat(context.getBean(HardeningReport.class).findings()).isEmpty());
	}

	@Test
	void forwardingHeadersFromAnUnlistedPrivateProxyAreAFindingOnceTrafficShowsThem() {
		this.runner.run((context) -> {
			assertThat(ids(context)).doesNotContain("HR-PROXIES-EMPTY");
			context.getBean(ClientAddressResolver.class).resolve(forwardedBy("10.1.2.3"));
			assertThat(ids(context)).contains("HR-PROXIES-EMPTY");
		});
		this.runner.withPropertyValues("hardening.web.trusted-proxies=10.0.0.0/8").run((context) -> {
			context.getBean(ClientAddressResolver.class).resolve(forwardedBy("10.1.2.3"));
			assertThat(ids(context)).doesNotContain("HR-PROXIES-EMPTY");
		});
	}

	@Test
	void aTrustedProxyThatWritesOnlyTheOtherHeaderIsAFindingOnceTrafficShowsIt() {
		this.runner.withPropertyValues("hardening.web.trusted-proxies=10.0.0.0/8").run((context) -> {
			assertThat(ids(context)).doesNotContain("HR-PROXIES-HEADER");
			context.getBean(ClientAddressResolver.class).resolve(forwardedBy("10.1.2.3"));
			assertThat(ids(context)).doesNotContain("HR-PROXIES-HEADER");
			context.getBean(ClientAddressResolver.class).resolve(rfc7239By("10.1.2.3"));
			assertThat(ids(context)).contains("HR-PROXIES-HEADER");
		});
		this.runner.withPropertyValues("hardening.web.trusted-proxies=10.0.0.0/8",
				"hardening.web.forwarded-header=forwarded").run((context) -> {
			context.getBean(ClientAddressResolver.class).resolve(rfc7239By("10.1.2.3"));
			assertThat(ids(context)).doesNotContain("HR-PROXIES-HEADER");
			context.getBean(ClientAddressResolver.class).resolve(forwardedBy("10.1.2.4"));
			assertThat(ids(context)).contains("HR-PROXIES-HEADER");
		});
	}

	private static MockHttpServletRequest rfc7239By(String proxy) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.setRemoteAddr(proxy);
		request.addHeader("Forwarded", "for=203.0.113.9");
		return request;
	}

	@Test
	void logsOneWarningPerFindingWithItsFixAndLeavesIgnoredOnesOut(CapturedOutput output) throws Exception {
		this.runner.withPropertyValues("server.shutdown=immediate", "management.endpoint.env.show-values=always",
				"hardening.report.ignore=HR-ACTUATOR-VALUES")
			.run((context) -> assertThat(ids(context)).containsExactly("HR-SHUTDOWN-IMMEDIATE"));

		// the line docs/hardening-report.md quotes, word for word after the logger's name
		String quoted = quotedLine("WARN ... d.h.a.actuate.HardeningReport : HR-SHUTDOWN-IMMEDIATE");
		assertThat(output.getOut().lines().filter((line) -> line.contains("HR-SHUTDOWN-IMMEDIATE"))).singleElement()
			.asString()
			.contains(" WARN ")
			.contains("d.h.a.actuate.HardeningReport")
			.endsWith(": " + quoted.substring(quoted.indexOf(" : ") + 3));
		assertThat(output).doesNotContain("HR-ACTUATOR-VALUES");
	}

	private static String quotedLine(String start) throws java.io.IOException {
		return java.nio.file.Files.readAllLines(java.nio.file.Path.of("..", "docs", "hardening-report.md"))
			.stream()
			.filter((line) -> line.startsWith(start))
			.findFirst()
			.orElseThrow(() -> new AssertionError("docs/hardening-report.md quotes no line starting " + start));
	}

	@Test
	void failOnRefusesToStartOnAFindingOfThatSeverityOrAbove() {
		this.runner.withPropertyValues("server.shutdown=immediate", "hardening.report.fail-on=medium")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(IllegalStateException.class)
				.hasMessage(quotedLine("java.lang.IllegalStateException: hardening.report.fail-on=medium")
					.substring("java.lang.IllegalStateException: ".length())));
		this.runner.withPropertyValues("server.shutdown=immediate", "hardening.report.fail-on=high")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theEndpointShowsFindingsAndSettingsWithSecretsMasked() {
		this.runner.withPropertyValues("server.shutdown=immediate", "hardening.redis.url=redis://:s3cret@localhost:6379")
			.run((context) -> {
			HardeningReportEndpoint.Report report = context.getBean(HardeningReportEndpoint.class).report();

			assertThat(report.findings()).extracting(Finding::id).containsExactly("HR-SHUTDOWN-IMMEDIATE");
			assertThat(report.settings()).containsKeys("hardening.web", "hardening.pagination", "hardening.report");
			assertThat(report.settings().get("hardening.pagination").toString()).contains("cursorSecret=******")
				.doesNotContain("0123456789abcdef");
			assertThat(report.settings().get("hardening.web").toString()).contains("maxBodySize=1MB");
			assertThat(report.settings().get("hardening.redis").toString()).contains("url=******")
				.doesNotContain("s3cret");
			assertThat(report.settings().get("hardening.health").toString()).contains("timeout=800ms", "cacheTtl=5s");
		});
	}

	private static List<String> ids(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(HardeningReport.class).findings().stream().map(Finding::id).toList();
	}

	private static MockHttpServletRequest forwardedBy(String peer) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.setRemoteAddr(peer);
		request.addHeader("X-Forwarded-For", "203.0.113.9");
		return request;
	}

	@RestController
	static class CursorController {

		@GetMapping("/events")
		CursorPage<String> events(CursorPageRequest request) {
			return new CursorPage<>(List.of(), null, false, null);
		}

	}

}
