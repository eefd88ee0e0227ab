package dev.hardening.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.ratelimit.FailoverRateLimiter;
import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.ratelimit.redis.RedisRateLimiter;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.MutableClock;
import dev.hardening.test.TestRedis;
import dev.hardening.web.TrustedProxies;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any capacity, period, cost and breaker duration a user can write in properties either binds
 * and works from the first request, on both backends, or fails at startup with a message naming
 * the property: never an overflow of ours, never a failure at the first request. Values that do
 * not even convert (a number beyond a long) fail in Boot's binder, which names the property too.
 */
class RateLimitPolicyBindingTests {

	private static final String POLICY = "hardening.rate-limit.policies[0]";

	private static final String CAPACITY = POLICY + ".limits[0].capacity";

	private static final String PERIOD = POLICY + ".limits[0].period";

	private static final String SECOND_PERIOD = POLICY + ".limits[1].period";

	private static final String COST = POLICY + ".cost";

	private static final String OPEN_FOR = "hardening.rate-limit.breaker.open-for";

	private static final String SECOND_CAPACITY = POLICY + ".limits[1].capacity";

	private static final Set<String> PROPERTIES = Set.of(CAPACITY, PERIOD, SECOND_CAPACITY, SECOND_PERIOD, COST,
			OPEN_FOR);

	private static final AtomicLong KEYS = new AtomicLong();

	private static RedisConnector connector;

	@BeforeContainer
	static void connect() {
		TestRedis redis = TestRedis.shared();
		connector = RedisConnector.create(
				RedisSettings.builder(redis.uri().toString()).commandTimeout(Duration.ofSeconds(10)).build());
	}

	@AfterContainer
	static void close() {
		connector.commands().del(connector.commands().keys("test:binding:*").toArray(String[]::new));
		connector.close();
	}

	@Property(tries = 300)
	void everyLimitAndCostBindsAndWorksOrFailsAtStartupNamingItsProperty(@ForAll("counts") String capacity,
			@ForAll("durations") String period, @ForAll("counts") String secondCapacity,
			@ForAll("durations") String secondPeriod, @ForAll("costs") String cost, @ForAll boolean interval) {
		Map<String, String> values = new HashMap<>();
		values.put(POLICY + ".name", "bound");
		values.put(POLICY + ".refill", interval ? "interval" : "greedy");
		values.put(CAPACITY, capacity);
		values.put(PERIOD, period);
		values.put(SECOND_CAPACITY, secondCapacity);
		values.put(SECOND_PERIOD, secondPeriod);
		values.put(COST, cost);
		RateLimitProperties properties = bind(values);
		if (properties != null) {
			RateLimitPolicy policy = rules(properties).named("bound").policy();
			MutableClock clock = MutableClock.start();
			works(policy, RateLimiter.local(10, clock), clock);
			works(policy, RedisRateLimiter.create(connector, "test:binding", clock), clock);
		}
		Statistics.coverage((coverage) -> coverage.check("works").percentage((percent) -> percent >= 20));
	}

	@Property(tries = 200)
	void everyBreakerDurationBindsOrFailsAtStartupNamingItsProperty(@ForAll("durations") String openFor) {
		Map<String, String> values = new HashMap<>();
		values.put(POLICY + ".name", "bound");
		values.put(CAPACITY, "10");
		values.put(PERIOD, "1m");
		values.put(OPEN_FOR, openFor);
		RateLimitProperties properties = bind(values);
		if (properties != null) {
			// the breaker takes the duration as it is, and opening it (a Redis failure) adds it to now
			Duration open = properties.getBreaker().getOpenFor();
			CircuitBreaker breaker = FailoverRateLimiter.defaultBreaker("bound", open);
			breaker.transitionToOpenState();
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
			if (open.compareTo(Duration.ofSeconds(10)) >= 0) {
				// a shorter one may rightly have passed by the next line on a loaded machine (1ms, 5ns bind too)
				assertThat(breaker.tryAcquirePermission()).isFalse();
			}
		}
	}

	/**
	 * Binds and checks the properties as the auto-configuration does.
	 * @return the properties, or {@code null} once the failure has been checked
	 */
	private static @Nullable RateLimitProperties bind(Map<String, String> values) {
		try {
			RateLimitProperties properties = new Binder(new MapConfigurationPropertySource(values))
				.bindOrCreate("hardening.rate-limit", RateLimitProperties.class);
			RateLimitPropertiesCheck.check(properties);
			rules(properties);
			Statistics.collect("works");
			return properties;
		}
		catch (BindException ex) {
			// Boot's own conversion failed (a number too large for a long): it names the property
			assertThat(PROPERTIES).contains(ex.getProperty().getName().toString());
			Statistics.collect("bind failure");
			return null;
		}
		catch (InvalidConfigurationPropertyValueException ex) {
			assertThat(PROPERTIES).contains(ex.getName());
			assertThat(ex).hasMessageContaining("Property " + ex.getName() + " with value").hasNoCause();
			Statistics.collect("invalid " + ex.getName().substring(ex.getName().lastIndexOf('.') + 1));
			return null;
		}
	}

	private static RateLimitRules rules(RateLimitProperties properties) {
		return RateLimitRules.of(properties.getPolicies(), new ClientAddressResolver(TrustedProxies.none()),
				properties.getIpv6Prefix(), (name) -> null);
	}

	private static void works(RateLimitPolicy policy, RateLimiter limiter, MutableClock clock) {
		String key = Long.toString(KEYS.incrementAndGet());
		long remaining = policy.smallestCapacity() - policy.cost();

		RateLimitDecision first = limiter.tryAcquire(policy, key);

		assertThat(first.allowed()).isTrue();
		assertThat(first.remaining()).isEqualTo(remaining);
		assertThat(first.resetAfter()).isPositive().isLessThanOrEqualTo(policy.longestPeriod());
		clock.advance(policy.longestPeriod().multipliedBy(2));
		assertThat(limiter.tryAcquire(policy, key).remaining()).isEqualTo(remaining);
	}

	/** Mostly values a user would write, and a sixth anywhere in (and beyond) a long. */
	@Provide
	Arbitrary<String> counts() {
		Arbitrary<String> wild = Arbitraries.oneOf(Arbitraries.longs().map((n) -> Long.toString(n)),
				Arbitraries.of("0", "-1", "9223372036854775807", "9223372036854775808", "315360000000000",
						"315360000000001", "99999999999999999999", ""));
		return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.longs().between(1, 100_000).map((n) -> Long.toString(n))),
				Tuple.of(1, wild));
	}

	@Provide
	Arbitrary<String> costs() {
		return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just("1")), Tuple.of(1, counts()));
	}

	/** Mostly values a user would write, and a sixth anywhere, in both of Boot's formats. */
	@Provide
	Arbitrary<String> durations() {
		Arbitrary<String> plausible = Combinators
			.combine(Arbitraries.longs().between(1, 5000), Arbitraries.of("ms", "s", "m", "h", "d"))
			.as((amount, unit) -> amount + unit);
		Arbitrary<String> amounts = Arbitraries.oneOf(Arbitraries.longs().map((n) -> Long.toString(n)),
				Arbitraries.of("0", "-2", "106751", "106752", "3650", "3651", "9223372036854775807",
						"99999999999999999999"));
		Arbitrary<String> wild = Arbitraries.oneOf(
				Combinators.combine(amounts, Arbitraries.of("ns", "us", "ms", "s", "m", "h", "d", ""))
					.as((amount, unit) -> amount + unit),
				amounts.map((amount) -> "P" + amount + "D"),
				Arbitraries.of("P3650D", "P3650DT1S", "PT87600H", "PT-1S", "1000000d", "1.5s", ""));
		return Arbitraries.frequencyOf(Tuple.of(5, plausible), Tuple.of(1, wild));
	}

}
