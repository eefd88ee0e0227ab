package dev.hardening.autoconfigure.resilience;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.autoconfigure.resilience.ScriptedServer.Answer;
import dev.hardening.resilience.CircuitOpenException;
import dev.hardening.resilience.ResilienceListener;
import dev.hardening.resilience.ResilienceListener.RetryRefusal;
import dev.hardening.resilience.ResiliencePolicy;
import dev.hardening.test.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Clients built from Spring Boot's builders, calling a real HTTP server, with time moved by hand.
 */
class ResilienceHttpClientTests {

	private final MutableClock clock = MutableClock.start();

	private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

	private volatile boolean moveClock = true;

	private ScriptedServer server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				RestTemplateAutoConfiguration.class))
		.withBean(ResiliencePolicyCustomizer.class, () -> (name, builder) -> builder.clock(this.clock)
			.random(() -> 0.5)
			.sleeper((duration) -> {
				this.waits.add(duration);
				if (this.moveClock) {
					this.clock.advance(duration);
				}
			}));

	@BeforeEach
	void startServer() throws Exception {
		this.server = new ScriptedServer();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void a503TwiceThenA200IsOneSuccessAfterTwoJitteredRetries() {
		this.server.then(Answer.status(503), Answer.status(503), Answer.of(200, "quote"));

		this.runner.run((context) -> {
			String body = client(context).get().uri(this.server.url("127.0.0.1", "/quote")).retrieve().body(String.class);

			assertThat(body).isEqualTo("quote");
			assertThat(this.server.requests()).isEqualTo(3);
			// full jitter: each wait is drawn below 100 ms, then 200 ms; the test's draw is the middle
			assertThat(this.waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
		});
	}

	@Test
	void waitsAsRetryAfterAsksWithinTheCapAndFailsAtOnceBeyondIt() {
		this.server.then(Answer.retryAfter(503, "2"), Answer.of(200, "quote"), Answer.retryAfter(503, "120"));

		this.runner.withPropertyValues("hardening.resilience.defaults.max-backoff=5s").run((context) -> {
			RestClient client = client(context);
			assertThat(client.get().uri(this.server.url("127.0.0.1", "/quote")).retrieve().body(String.class))
				.isEqualTo("quote");
			assertThat(this.waits).containsExactly(Duration.ofSeconds(2));

			assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
				.isThrownBy(() -> client.get().uri(this.server.url("127.0.0.1", "/quote")).retrieve().body(String.class));
			assertThat(this.server.requests()).isEqualTo(3);
			assertThat(this.waits).hasSize(1);
		});
	}

	@Test
	void aPostIsTriedOnceUnlessItCarriesAnIdempotencyKey() {
		this.server.otherwise(Answer.status(503));

		this.runner.run((context) -> {
			RestClient client = client(context);
			String url = this.server.url("127.0.0.1", "/payments");

			assertThatExceptionOfType(HttpServerErrorException.class)
				.isThrownBy(() -> client.post().uri(url).body("{}").retrieve().toBodilessEntity());
			assertThat(this.server.requests()).isEqualTo(1);

			assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(() -> client.post()
				.uri(url)
				.header("Idempotency-Key", "order-42")
				.body("{}")
				.retrieve()
				.toBodilessEntity());
			assertThat(this.server.requests()).isEqualTo(4);
			assertThat(this.server.methods()).containsOnly("POST");
		});
	}

	@Test
	void aPolicyThatRetriesWithAnIdempotencyKeySendsOneGeneratedKeyOnEveryAttemptOfAPost() {
		this.server.then(Answer.status(503), Answer.status(503), Answer.of(201, "created"));

		this.runner.withPropertyValues("hardening.resilience.policies.payments.retry-with-idempotency-key=true",
				"hardening.resilience.clients.127.0.0.1=payments")
			.run((context) -> {
				RestClient client = client(context);
				String url = this.server.url("127.0.0.1", "/payments");

				assertThat(client.post().uri(url).body("{}").retrieve().body(String.class)).isEqualTo("created");
				assertThat(client.patch().uri(url).body("{}").retrieve().body(String.class)).isEqualTo("ok");

				List<String> keys = this.server.idempotencyKeys();
				assertThat(keys).hasSize(4);
				// the draft's form, a quoted string; a UUIDv7 inside it
				assertThat(keys.get(0)).matches("\"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\"");
				assertThat(keys.subList(0, 3)).containsOnly(keys.get(0));
				assertThat(keys.get(3)).as("a new call, a new key").isNotEqualTo(keys.get(0)).startsWith("\"");
			});
	}

	@Test
	void aKeyTheCallerSentIsKeptAndSafeMethodsGetNone() {
		this.server.then(Answer.status(503), Answer.of(201, "created"));

		this.runner.withPropertyValues("hardening.resilience.defaults.retry-with-idempotency-key=true").run((context) -> {
			RestClient client = client(context);
			String url = this.server.url("127.0.0.1", "/payments");

			client.post().uri(url).header("Idempotency-Key", "\"mine\"").body("{}").retrieve().toBodilessEntity();
			client.get().uri(url).retrieve().toBodilessEntity();
			client.put().uri(url).body("{}").retrieve().toBodilessEntity();

			assertThat(this.server.idempotencyKeys()).containsExactly("\"mine\"", "\"mine\"", "", "");
		});
	}

	@Test
	void withoutThePolicyAPostWithoutAKeyIsStillTriedOnce() {
		this.server.otherwise(Answer.status(503));

		this.runner.withPropertyValues("hardening.resilience.policies.payments.retry-with-idempotency-key=true",
				"hardening.resilience.clients.payments.example=payments")
			.run((context) -> {
				assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(() -> client(context).post()
					.uri(this.server.url("127.0.0.1", "/payments"))
					.body("{}")
					.retrieve()
					.toBodilessEntity());
				assertThat(this.server.idempotencyKeys()).containsExactly("");
			});
	}

	@Test
	void aTwoSecondDeadlineLetsAPolicyOfFiveAttemptsMakeOnlyTheAttemptsThatFit() {
		this.server.otherwise(Answer.status(503));

		this.runner
			.withPropertyValues("hardening.resilience.defaults.max-attempts=5",
					"hardening.resilience.defaults.initial-backoff=400ms", "hardening.resilience.defaults.max-backoff=5s",
					"hardening.resilience.defaults.total-timeout=60s")
			.run((context) -> {
				// the request's deadline on the clock the policy sleeps on
				dev.hardening.deadline.Deadline deadline = dev.hardening.deadline.Deadline.after(Duration.ofSeconds(2),
						this.clock.millis() * 1_000_000L, () -> this.clock.millis() * 1_000_000L);
				try (dev.hardening.deadline.Deadline.Scope scope = dev.hardening.deadline.Deadline.bind(deadline)) {
					assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(() -> client(context).get()
						.uri(this.server.url("127.0.0.1", "/quote"))
						.retrieve()
						.body(String.class));
				}
				// waits of 200, 400, 800 ms (half of each ceiling): attempts at 0, 200, 600 and 1400 ms; the
				// next would wait 1600 ms, past the deadline
				assertThat(this.server.requests()).isEqualTo(4);
				assertThat(this.waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400),
						Duration.ofMillis(800));
			});
	}

	@Test
	void sustainedFailureUnderLoadStaysWithinTheRetryBudget() {
		this.moveClock = false;
		this.server.otherwise(Answer.status(503));

		this.runner
			.withPropertyValues("hardening.resilience.defaults.breaker.enabled=false",
					"hardening.resilience.defaults.retry-budget=0.1",
					"hardening.resilience.defaults.min-retries-per-second=0")
			.run((context) -> {
				RestClient client = client(context);
				String url = this.server.url("127.0.0.1", "/quote");
				int threads = 8;
				int callsPerThread = 50;
				ExecutorService executor = Executors.newFixedThreadPool(threads);
				try {
					List<Future<?>> done = new ArrayList<>();
					for (int t = 0; t < threads; t++) {
						done.add(executor.submit(() -> {
							for (int i = 0; i < callsPerThread; i++) {
								assertThatExceptionOfType(HttpServerErrorException.class)
									.isThrownBy(() -> client.get().uri(url).retrieve().toBodilessEntity());
							}
						}));
					}
					for (Future<?> future : done) {
						future.get(60, TimeUnit.SECONDS);
					}
				}
				finally {
					executor.shutdownNow();
				}
				int calls = threads * callsPerThread;
				assertThat(this.server.requests()).isGreaterThan(calls).isLessThanOrEqualTo((int) (calls * 1.1));
			});
	}

	@Test
	void theBreakerOpensFailsFastWithoutCallingThenClosesWhenTheServerRecovers() {
		this.server.otherwise(Answer.status(503));

		this.runner
			.withPropertyValues("hardening.resilience.defaults.max-attempts=1",
					"hardening.resilience.defaults.breaker.window=4",
					"hardening.resilience.defaults.breaker.minimum-calls=4",
					"hardening.resilience.defaults.breaker.open-for=30s",
					"hardening.resilience.defaults.breaker.half-open-calls=2")
			.run((context) -> {
				RestClient client = client(context);
				String url = this.server.url("127.0.0.1", "/quote");
				CircuitBreaker breaker = context.getBean(ResiliencePolicies.class)
					.forHost("127.0.0.1")
					.circuitBreaker()
					.orElseThrow();
				for (int i = 0; i < 4; i++) {
					assertThatExceptionOfType(HttpServerErrorException.class)
						.isThrownBy(() -> client.get().uri(url).retrieve().toBodilessEntity());
				}
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

				assertThatExceptionOfType(CircuitOpenException.class)
					.isThrownBy(() -> client.get().uri(url).retrieve().toBodilessEntity());
				assertThat(this.server.requests()).isEqualTo(4);

				this.server.otherwise(Answer.of(200, "back"));
				this.clock.advance(Duration.ofSeconds(31));
				assertThat(client.get().uri(url).retrieve().body(String.class)).isEqualTo("back");
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
				assertThat(client.get().uri(url).retrieve().body(String.class)).isEqualTo("back");
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			});
	}

	@Test
	void oneFailingHostDoesNotOpenTheBreakerOfAnother() {
		this.server.otherwise(Answer.status(503));

		this.runner
			.withPropertyValues("hardening.resilience.defaults.max-attempts=1",
					"hardening.resilience.defaults.breaker.window=4",
					"hardening.resilience.defaults.breaker.minimum-calls=4")
			.run((context) -> {
				RestClient client = client(context);
				for (int i = 0; i < 4; i++) {
					assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(
							() -> client.get().uri(this.server.url("127.0.0.1", "/down")).retrieve().toBodilessEntity());
				}
				assertThatExceptionOfType(CircuitOpenException.class).isThrownBy(
						() -> client.get().uri(this.server.url("127.0.0.1", "/down")).retrieve().toBodilessEntity());

				this.server.otherwise(Answer.of(200, "fine"));

				assertThat(client.get().uri(this.server.url("localhost", "/up")).retrieve().body(String.class))
					.isEqualTo("fine");
				assertThat(context.getBean(ResiliencePolicies.class).all()).extracting(ResiliencePolicy::instanceName)
					.contains("default", "default:127.0.0.1", "default:localhost");
			});
	}

	@Test
	void eachHostGetsItsPolicyAndAnUnmappedHostTheDefaults() {
		this.server.otherwise(Answer.status(503));

		this.runner
			.withPropertyValues("hardening.resilience.policies.single-shot.max-attempts=1",
					"hardening.resilience.clients.localhost=single-shot")
			.run((context) -> {
				RestClient client = client(context);

				assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(
						() -> client.get().uri(this.server.url("localhost", "/quote")).retrieve().toBodilessEntity());
				assertThat(this.server.requests()).isEqualTo(1);

				assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(
						() -> client.get().uri(this.server.url("127.0.0.1", "/quote")).retrieve().toBodilessEntity());
				assertThat(this.server.requests()).isEqualTo(4);
			});
	}

	@Test
	void aServerThatDoesNotAnswerTimesOutAtThePolicysTimeoutOnEveryAttempt() {
		this.server.otherwise(Answer.never());

		this.runner
			.withPropertyValues("hardening.resilience.policies.slow.timeout=200ms",
					"hardening.resilience.policies.slow.max-attempts=2", "hardening.resilience.clients[127.0.0.1]=slow")
			.run((context) -> {
				RestClient client = client(context);

				assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(
						() -> client.get().uri(this.server.url("127.0.0.1", "/quote")).retrieve().toBodilessEntity())
					.withRootCauseInstanceOf(HttpTimeoutException.class);
				assertThat(this.server.requests()).isEqualTo(2);
			});
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS) // without the deadline's read timeout it would wait 10 minutes
	void anAttemptReadsForNoLongerThanItsRequestsDeadlineHasLeft() {
		this.server.otherwise(Answer.never());

		this.runner
			.withPropertyValues("hardening.resilience.policies.slow.timeout=10m",
					"hardening.resilience.policies.slow.max-attempts=3", "hardening.resilience.clients[127.0.0.1]=slow")
			.run((context) -> {
				RestClient client = client(context);

				try (dev.hardening.deadline.Deadline.Scope scope = dev.hardening.deadline.Deadline
					.bind(dev.hardening.deadline.Deadline.after(Duration.ofMillis(300)))) {
					assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(
							() -> client.get().uri(this.server.url("127.0.0.1", "/quote")).retrieve().toBodilessEntity())
						.withRootCauseInstanceOf(HttpTimeoutException.class);
				}
				// the deadline is spent: no retry
				assertThat(this.server.requests()).isEqualTo(1);
			});
	}

	@Test
	void aRetryStartsOnlyIfItsAttemptCanEndWithinTheTotalTimeout() {
		this.server.otherwise(Answer.status(503));
		List<String> refusals = Collections.synchronizedList(new ArrayList<>());

		this.runner
			.withBean(ResilienceListener.class, () -> new ResilienceListener() {

				@Override
				public void onRetryRefused(String policy, RetryRefusal reason) {
					refusals.add(reason.name());
				}

			})
			.withPropertyValues("hardening.resilience.defaults.timeout=10s",
					"hardening.resilience.defaults.connect-timeout=2s",
					"hardening.resilience.defaults.total-timeout=12100ms")
			.run((context) -> {
				assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(
						() -> client(context).get().uri(this.server.url("127.0.0.1", "/quote")).retrieve().toBodilessEntity());

				// an attempt may take 2 s + 10 s: after a wait of 50 ms one fits in 12.1 s, after 150 ms none
				assertThat(this.server.requests()).isEqualTo(2);
				assertThat(this.waits).containsExactly(Duration.ofMillis(50));
				assertThat(refusals).containsExactly("TOTAL_TIMEOUT");
			});
	}

	@Test
	void keepsTheRequestFactoryARestTemplateWasBuiltWith() {
		this.server.then(Answer.status(503), Answer.of(200, "quote"));
		AtomicInteger created = new AtomicInteger();
		ClientHttpRequestFactory own = (uri, method) -> {
			created.incrementAndGet();
			return new SimpleClientHttpRequestFactory().createRequest(uri, method);
		};

		this.runner.run((context) -> {
			String body = context.getBean(RestTemplateBuilder.class)
				.requestFactory(() -> own)
				.build()
				.getForObject(this.server.url("127.0.0.1", "/quote"), String.class);

			assertThat(body).isEqualTo("quote");
			assertThat(created).hasValue(2);
		});
	}

	@Test
	void appliesToRestTemplatesBuiltFromTheBuilderToo() {
		this.server.then(Answer.status(502), Answer.of(200, "quote"));

		this.runner.run((context) -> {
			String body = context.getBean(RestTemplateBuilder.class)
				.build()
				.getForObject(this.server.url("127.0.0.1", "/quote"), String.class);

			assertThat(body).isEqualTo("quote");
			assertThat(this.server.requests()).isEqualTo(2);
		});
	}

	private static RestClient client(org.springframework.context.ApplicationContext context) {
		return context.getBean(RestClient.Builder.class).build();
	}

}
