package dev.hardening.autoconfigure.resilience;

import java.time.Duration;
import java.util.Map;

import java.util.List;

import dev.hardening.resilience.ResilienceConfig;
import dev.hardening.resilience.ResilienceListener;
import dev.hardening.resilience.ResiliencePolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class));

	@Test
	void aNamedPolicyTakesWhatItLeavesOutFromTheDefaults() {
		this.runner
			.withPropertyValues("hardening.resilience.defaults.max-attempts=5",
					"hardening.resilience.defaults.breaker.open-for=1m", "hardening.resilience.policies.payments.timeout=2s",
					"hardening.resilience.policies.payments.breaker.failure-rate=25")
			.run((context) -> {
				ResiliencePolicies policies = context.getBean(ResiliencePolicies.class);
				ResilienceConfig payments = policies.get("payments").config();

				assertThat(policies.all()).extracting(ResiliencePolicy::name).containsExactly("default", "payments");
				assertThat(payments.timeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(payments.maxAttempts()).isEqualTo(5);
				assertThat(payments.openFor()).isEqualTo(Duration.ofMinutes(1));
				assertThat(payments.failureRateThreshold()).isEqualTo(25);
				assertThat(policies.get("default").config().failureRateThreshold()).isEqualTo(50);
				assertThat(context).hasSingleBean(RestClientCustomizer.class);
			});
	}

	@Test
	void bindsTheTotalTimeoutAndTheExceptionsTheBreakerIgnores() {
		this.runner
			.withPropertyValues("hardening.resilience.policies.payments.total-timeout=5s",
					"hardening.resilience.policies.payments.ignore-exceptions=java.lang.IllegalArgumentException")
			.run((context) -> {
				ResiliencePolicies policies = context.getBean(ResiliencePolicies.class);
				ResilienceConfig payments = policies.get("payments").config();

				assertThat(payments.totalTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(payments.isIgnored(new NumberFormatException())).isTrue();
				assertThat(payments.isIgnored(new IllegalStateException())).isFalse();
				assertThat(policies.get("default").config().totalTimeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(policies.get("default").config().isIgnored(new NumberFormatException())).isFalse();
			});
	}

	@Test
	void anIgnoredTypeThatIsNoExceptionFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("hardening.resilience.defaults.ignore-exceptions=java.lang.String")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.resilience.defaults.ignore-exceptions")
				.hasMessageContaining("java.lang.String is not an exception type"));
	}

	@Test
	void propertyDefaultsAreTheCoreDefaults() {
		this.runner.run((context) -> assertThat(
				context.getBean(ResiliencePolicies.class).get(ResiliencePolicies.DEFAULT).config())
			.hasToString(ResilienceConfig.ofDefaults().toString()));
	}

	@Test
	void matchesHostsExactlyOrBySubdomain() {
		this.runner
			.withPropertyValues("hardening.resilience.policies.payments.max-attempts=2",
					"hardening.resilience.policies.eu.max-attempts=4",
					"hardening.resilience.clients[api.payments.example.com]=payments",
					"hardening.resilience.clients[*.example.com]=payments", "hardening.resilience.clients[*.eu.example.com]=eu")
			.run((context) -> {
				ResiliencePolicies policies = context.getBean(ResiliencePolicies.class);

				assertThat(policies.forHost("API.Payments.Example.com").name()).isEqualTo("payments");
				assertThat(policies.forHost("ledger.example.com").name()).isEqualTo("payments");
				assertThat(policies.forHost("fx.eu.example.com").name()).isEqualTo("eu");
				assertThat(policies.forHost("example.org").name()).isEqualTo("default");
				assertThat(policies.forHost(null).name()).isEqualTo("default");
			});
	}

	@Test
	void aBadValueFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("hardening.resilience.policies.payments.max-attempts=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.resilience.policies.payments.max-attempts")
				.hasMessageContaining("maxAttempts must be between 1 and 10, but was 0"));
		this.runner.withPropertyValues("hardening.resilience.clients[api.example.com]=paymnets")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.resilience.clients.api.example.com")
				.hasMessageContaining("No policy is named 'paymnets'; known policies: [default]"));
		this.runner.withPropertyValues("hardening.resilience.policies.default.max-attempts=2")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("set those instead"));
		this.runner.withPropertyValues("hardening.resilience.defaults.initial-backoff=10s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.resilience.defaults.max-backoff")
				.hasMessageContaining("must not be shorter than initialBackoff"));
	}

	@Test
	void httpTimeoutsComeFromThePolicyThenSpringBootsSettingsThenSafeDefaults() {
		this.runner.withPropertyValues("hardening.resilience.policies.fast.timeout=1s").run((context) -> {
			PolicyTimeoutsRequestFactory factory = factory(context);
			assertThat(factory.settings("fast").readTimeout()).isEqualTo(Duration.ofSeconds(1));
			assertThat(factory.settings("default").readTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(factory.settings("default").connectTimeout()).isEqualTo(Duration.ofSeconds(2));
		});
		this.runner
			.withPropertyValues("spring.http.clients.read-timeout=7s", "spring.http.clients.connect-timeout=3s",
					"hardening.resilience.policies.fast.timeout=1s")
			.run((context) -> {
				PolicyTimeoutsRequestFactory factory = factory(context);
				assertThat(factory.settings("default").readTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(factory.settings("default").connectTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(factory.settings("fast").readTimeout()).isEqualTo(Duration.ofSeconds(1));
			});
	}

	@Test
	void healthShowsEachBreakerAndStaysUpWhenOneIsOpen() {
		this.runner.withPropertyValues("hardening.resilience.policies.payments.max-concurrent-calls=4")
			.run((context) -> {
				ResiliencePolicies policies = context.getBean(ResiliencePolicies.class);
				policies.get("payments").circuitBreaker().orElseThrow().transitionToOpenState();

				Health health = context.getBean("resilienceHealthIndicator", HealthIndicator.class).health(true);

				assertThat(health.getStatus()).isEqualTo(Status.UP);
				@SuppressWarnings("unchecked")
				Map<String, Object> payments = (Map<String, Object>) health.getDetails().get("payments");
				assertThat(payments).containsEntry("state", "OPEN").containsEntry("availableConcurrentCalls", 4);
				@SuppressWarnings("unchecked")
				Map<String, Object> defaults = (Map<String, Object>) health.getDetails().get("default");
				assertThat(defaults).containsEntry("state", "CLOSED").containsKey("retryBudgetRemaining");
			});
		this.runner.withPropertyValues("management.health.resilience.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("resilienceHealthIndicator"));
	}

	@Test
	void countsCallsAndBindsResilience4jsBreakerMeters() {
		this.runner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(ResilienceMetrics.class).bindTo(registry);
			ResiliencePolicy policy = context.getBean(ResiliencePolicies.class).get(ResiliencePolicies.DEFAULT);

			policy.execute(() -> "ok");

			assertThat(registry.get("hardening.resilience.calls")
				.tags("policy", "default", "kind", "successful_without_retry")
				.counter()
				.count()).isEqualTo(1);
			assertThat(registry.get("resilience4j.circuitbreaker.state").tags("name", "default").gauges()).isNotEmpty();
		});
	}

	@Test
	void everyListenerBeanHearsThePolicies() {
		List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.runner.withBean("auditListener", ResilienceListener.class, () -> new ResilienceListener() {

			@Override
			public void onCallFinished(String policy, CallOutcome outcome) {
				heard.add(policy + " " + outcome);
			}

		}).run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(ResilienceMetrics.class).bindTo(registry);

			context.getBean(ResiliencePolicies.class).get(ResiliencePolicies.DEFAULT).execute(() -> "ok");

			assertThat(heard).containsExactly("default SUCCESS_WITHOUT_RETRY");
			assertThat(registry.get("hardening.resilience.calls").counter().count()).isEqualTo(1);
		});
	}

	@Test
	void givesSpringBootsHttpClientsTimeoutsTheApplicationCanOverride() {
		StandardEnvironment environment = new StandardEnvironment();
		new HttpClientTimeoutDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.http.clients.read-timeout")).isEqualTo("10000ms");
		assertThat(environment.getProperty("spring.http.clients.connect-timeout")).isEqualTo("2000ms");

		StandardEnvironment configured = new StandardEnvironment();
		configured.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("spring.http.clients.read-timeout", "30s")));
		new HttpClientTimeoutDefaults().postProcessEnvironment(configured, new SpringApplication());
		assertThat(configured.getProperty("spring.http.clients.read-timeout")).isEqualTo("30s");
	}

	@Test
	void canBeTurnedOff() {
		this.runner.withPropertyValues("hardening.resilience.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResiliencePolicies.class)
				.doesNotHaveBean(RestClientCustomizer.class));
	}

	private static PolicyTimeoutsRequestFactory factory(org.springframework.context.ApplicationContext context) {
		return context.getBean(PolicyTimeoutsRequestFactory.class);
	}

}
