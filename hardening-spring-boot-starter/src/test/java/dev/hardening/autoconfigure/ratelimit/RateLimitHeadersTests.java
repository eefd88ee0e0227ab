package dev.hardening.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hardening.autoconfigure.ratelimit.RateLimitHeaders.Evaluated;
import dev.hardening.ratelimit.Limit;
import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitDecision.Source;
import dev.hardening.ratelimit.RateLimitPolicy;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate-limit fields as written, for any policy and any decision a limiter could return,
 * including decisions out of range (a limiter of the application's, state read from Redis).
 */
class RateLimitHeadersTests {

	/** An RFC 8941 item of our shape: an sf-string with sf-integer parameters. */
	private static final Pattern ITEM = Pattern
		.compile("\"([\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*)\"((?:;[a-z*][a-z0-9_.*-]*=-?[0-9]{1,15})*)");

	private static final Pattern PARAMETER = Pattern.compile(";([a-z*][a-z0-9_.*-]*)=(-?[0-9]{1,15})");

	private final RateLimitHeaders headers = new RateLimitHeaders(true, true);

	@Test
	void clampsARemainingCountAndAResetOutsideThePolicy() {
		RateLimitPolicy policy = RateLimitPolicy.of("p", 10, Duration.ofMinutes(1));
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.headers.write(response, List.of(new Evaluated(policy,
				RateLimitDecision.rejected(-7, Duration.ofDays(3), Duration.ofDays(400)))));

		assertThat(response.getHeader("RateLimit")).isEqualTo("\"p\";r=0;t=60");
		assertThat(response.getHeader("X-RateLimit-Remaining")).isEqualTo("0");
		assertThat(response.getHeader("X-RateLimit-Reset")).isEqualTo("60");
		response = new MockHttpServletResponse();

		this.headers.write(response, List.of(new Evaluated(policy,
				RateLimitDecision.allowed(Long.MAX_VALUE, Duration.ofSeconds(-5)))));

		assertThat(response.getHeader("RateLimit")).isEqualTo("\"p\";r=10;t=0");
	}

	@Test
	void listsTheQuotasOfEveryPolicyAndTheStatesOfThoseCounted() {
		RateLimitPolicy burst = RateLimitPolicy.builder("burst")
			.limit(2, Duration.ofSeconds(1))
			.limit(5, Duration.ofMillis(59_001))
			.build();
		RateLimitPolicy daily = RateLimitPolicy.of("daily", 1000, Duration.ofDays(1));
		RateLimitPolicy remote = RateLimitPolicy.of("remote", 10, Duration.ofMinutes(1));

		// twice: the second time from the texts kept for each policy
		for (int i = 0; i < 2; i++) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.headers.write(response,
					List.of(new Evaluated(burst, RateLimitDecision.allowed(1, Duration.ofNanos(1_000_000_001))),
							new Evaluated(remote, RateLimitDecision.failOpen()),
							new Evaluated(daily, RateLimitDecision.rejected(0, Duration.ofMinutes(1), Duration.ofHours(2)))));

			assertThat(response.getHeaders("RateLimit-Policy")).containsExactly(
					"\"burst\";q=2;w=1, \"burst\";q=5;w=60, \"remote\";q=10;w=60, \"daily\";q=1000;w=86400");
			assertThat(response.getHeaders("RateLimit")).containsExactly("\"burst\";r=1;t=2, \"daily\";r=0;t=7200");
			assertThat(response.getHeader("X-RateLimit-Limit")).isEqualTo("1000");
			assertThat(response.getHeader("X-RateLimit-Remaining")).isEqualTo("0");
			assertThat(response.getHeader("X-RateLimit-Reset")).isEqualTo("7200");
		}
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.headers.write(response, List.of(new Evaluated(remote, RateLimitDecision.failClosed())));

		assertThat(response.getHeaders("RateLimit-Policy")).containsExactly("\"remote\";q=10;w=60");
		assertThat(response.getHeaders("RateLimit")).isEmpty();
	}

	@Property(tries = 500)
	void everyFieldIsAWellFormedListWithinThePolicysBounds(
			@ForAll("evaluations") List<Evaluated> evaluated) {
		Assume.that(evaluated.stream().map((each) -> each.policy().name()).distinct().count() == evaluated.size());
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.headers.write(response, evaluated);

		Map<String, List<Map<String, Long>>> quotas = parse(response.getHeader("RateLimit-Policy"));
		Map<String, List<Map<String, Long>>> states = parse(response.getHeader("RateLimit"));
		for (Evaluated each : evaluated) {
			String name = each.policy().name();
			long smallestQuota = Long.MAX_VALUE;
			long longestWindow = 0;
			for (Map<String, Long> quota : quotas.get(name)) {
				assertThat(quota.keySet()).containsExactlyInAnyOrder("q", "w");
				assertThat(quota.get("q")).isPositive();
				assertThat(quota.get("w")).isPositive();
				smallestQuota = Math.min(smallestQuota, quota.get("q"));
				longestWindow = Math.max(longestWindow, quota.get("w"));
			}
			if (each.decision().isCounted()) {
				for (Map<String, Long> state : states.get(name)) {
					assertThat(state.keySet()).containsExactlyInAnyOrder("r", "t");
					assertThat(state.get("r")).isBetween(0L, smallestQuota);
					assertThat(state.get("t")).isBetween(0L, longestWindow);
				}
			}
		}
		if (response.getHeader("X-RateLimit-Remaining") != null) {
			assertThat(Long.parseLong(response.getHeader("X-RateLimit-Remaining"))).isBetween(0L,
					Long.parseLong(response.getHeader("X-RateLimit-Limit")));
			assertThat(Long.parseLong(response.getHeader("X-RateLimit-Reset"))).isNotNegative();
		}
	}

	@Provide
	Arbitrary<List<Evaluated>> evaluations() {
		Arbitrary<Long> micros = Arbitraries.longs().between(1000, Limit.MAX_PERIOD.toNanos() / 1000);
		Arbitrary<Limit> limits = micros.flatMap((period) -> Arbitraries.longs()
			.between(1, period)
			.map((capacity) -> Limit.of(capacity, Duration.ofNanos(period * 1000))));
		Arbitrary<String> names = Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(1).ofMaxLength(64);
		Arbitrary<RateLimitPolicy> policies = Combinators.combine(names, limits.list().ofMinSize(1).ofMaxSize(3))
			.as((name, all) -> {
				RateLimitPolicy.Builder builder = RateLimitPolicy.builder(name);
				all.forEach(builder::limit);
				return builder.build();
			});
		Arbitrary<Duration> durations = Arbitraries.oneOf(Arbitraries.longs().map(Duration::ofNanos),
				Arbitraries.longs().between(-Duration.ofDays(1_000_000).getSeconds(), Duration.ofDays(1_000_000).getSeconds())
					.map(Duration::ofSeconds),
				Arbitraries.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofSeconds(-1)));
		Arbitrary<RateLimitDecision> decisions = Combinators.combine(Arbitraries.of(true, false),
				Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(-1L, 0L, Long.MAX_VALUE, Long.MIN_VALUE)),
				durations, durations, Arbitraries.of(Source.class))
			.as(RateLimitDecision::new);
		return Combinators.combine(policies, decisions).as(Evaluated::new).list().ofMinSize(1).ofMaxSize(3);
	}

	/**
	 * Parses a list field strictly, as RFC 8941 does for our items.
	 * @return the parameters of each item, by the item's string
	 */
	private static Map<String, List<Map<String, Long>>> parse(@Nullable String field) {
		Map<String, List<Map<String, Long>>> items = new HashMap<>();
		if (field == null) {
			return items;
		}
		for (String member : field.split(", ", -1)) {
			Matcher item = ITEM.matcher(member);
			assertThat(item.matches()).as("item %s of %s", member, field).isTrue();
			Map<String, Long> parameters = new HashMap<>();
			Matcher parameter = PARAMETER.matcher(item.group(2));
			while (parameter.find()) {
				assertThat(parameters.put(parameter.group(1), Long.parseLong(parameter.group(2)))).isNull();
			}
			items.computeIfAbsent(item.group(1), (name) -> new ArrayList<>()).add(parameters);
		}
		return items;
	}

}
