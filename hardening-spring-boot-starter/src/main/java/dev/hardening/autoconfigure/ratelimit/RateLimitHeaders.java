package dev.hardening.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.autoconfigure.EncodedHeader;
import dev.hardening.autoconfigure.EncodedHeaderName;
import dev.hardening.ratelimit.Limit;
import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Writes the rate-limit response fields: the IETF {@code RateLimit-Policy} and {@code RateLimit}
 * (draft-ietf-httpapi-ratelimit-headers, structured-field lists such as
 * {@code "api-key";q=100;w=60} and {@code "api-key";r=42;t=17}) and, by property, the legacy
 * {@code X-RateLimit-*} headers. A policy of several limits lists one quota per limit; {@code r}
 * is what its tightest bucket has left and {@code t} the seconds until every bucket is full.
 *
 * <p>Whatever the limiter answers (a backend of the application's, state read from Redis), the
 * values written stay within the policy: {@code 0 <= r <= q} for every quota of the policy and
 * {@code 0 <= t <= w} for its longest. Every number is a structured-field integer (RFC 8941,
 * at most 15 digits), as {@link dev.hardening.ratelimit.Limit} bounds the capacity by the period
 * in microseconds and the period by ten years.
 *
 * <p>What a policy alone decides (its quotas, the start of its state item, its smallest
 * capacity) is written out once per policy and kept, so a response with one policy builds one
 * string.
 */
final class RateLimitHeaders {

	static final String POLICY = "RateLimit-Policy";

	static final String RATE_LIMIT = "RateLimit";

	private static final EncodedHeaderName RATE_LIMIT_NAME = EncodedHeaderName.of(RATE_LIMIT);

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	/**
	 * Policies come from configuration and annotations, so they are few; this bounds the texts
	 * kept all the same.
	 */
	private static final int MAX_KEPT_POLICIES = 1024;

	private final boolean ietf;

	private final boolean legacy;

	private final Map<RateLimitPolicy, PolicyText> texts = new ConcurrentHashMap<>();

	RateLimitHeaders(boolean ietf, boolean legacy) {
		this.ietf = ietf;
		this.legacy = legacy;
	}

	/**
	 * A policy's decision for the current request.
	 */
	record Evaluated(RateLimitPolicy policy, RateLimitDecision decision) {
	}

	void write(HttpServletResponse response, List<Evaluated> evaluated) {
		if (evaluated.isEmpty()) {
			return;
		}
		if (this.ietf) {
			// added, not set: the filter and the interceptor may both write, and list fields combine
			EncodedHeader single = (evaluated.size() == 1) ? text(evaluated.get(0).policy()).header() : null;
			if (single != null) {
				single.addTo(response);
			}
			else {
				response.addHeader(POLICY, policies(evaluated));
			}
			String limits = limits(evaluated);
			if (limits != null) {
				RATE_LIMIT_NAME.add(response, limits);
			}
		}
		if (this.legacy) {
			writeLegacy(response, evaluated);
		}
	}

	private String policies(List<Evaluated> evaluated) {
		if (evaluated.size() == 1) {
			return text(evaluated.get(0).policy()).quotas();
		}
		StringBuilder policies = new StringBuilder(64 * evaluated.size());
		for (Evaluated each : evaluated) {
			separate(policies).append(text(each.policy()).quotas());
		}
		return policies.toString();
	}

	private @Nullable String limits(List<Evaluated> evaluated) {
		String first = null;
		StringBuilder limits = null;
		for (Evaluated each : evaluated) {
			if (!each.decision().isCounted()) {
				continue;
			}
			String item = text(each.policy()).statePrefix() + remaining(each) + ";t=" + resetSeconds(each);
			if (first == null) {
				first = item;
			}
			else {
				if (limits == null) {
					limits = new StringBuilder(64 * evaluated.size()).append(first);
				}
				separate(limits).append(item);
			}
		}
		return (limits != null) ? limits.toString() : first;
	}

	private PolicyText text(RateLimitPolicy policy) {
		PolicyText text = this.texts.get(policy);
		if (text == null) {
			text = PolicyText.of(policy);
			if (this.texts.size() < MAX_KEPT_POLICIES) {
				this.texts.putIfAbsent(policy, text);
			}
		}
		return text;
	}

	private void writeLegacy(HttpServletResponse response, List<Evaluated> evaluated) {
		Evaluated tightest = null;
		for (Evaluated each : evaluated) {
			if (each.decision().isCounted()
					&& (tightest == null || each.decision().remaining() < tightest.decision().remaining())) {
				tightest = each;
			}
		}
		if (tightest == null) {
			return;
		}
		response.setHeader("X-RateLimit-Limit", text(tightest.policy()).smallestCapacity());
		response.setHeader("X-RateLimit-Remaining", Long.toString(remaining(tightest)));
		response.setHeader("X-RateLimit-Reset", Long.toString(resetSeconds(tightest)));
	}

	/** What the tightest bucket has left, within 0 and the smallest capacity of the policy. */
	static long remaining(Evaluated evaluated) {
		return Math.min(Math.max(evaluated.decision().remaining(), 0), evaluated.policy().smallestCapacity());
	}

	/** Seconds until every bucket is full, within 0 and the longest period of the policy. */
	static long resetSeconds(Evaluated evaluated) {
		return boundedSeconds(evaluated.decision().resetAfterNanos(), evaluated.policy());
	}

	/** Nanoseconds in whole seconds, rounded up, within 0 and the longest period of the policy. */
	static long boundedSeconds(long nanos, RateLimitPolicy policy) {
		if (nanos < 0) {
			return 0;
		}
		long seconds = nanos / NANOS_PER_SECOND;
		if (nanos % NANOS_PER_SECOND > 0) {
			seconds++;
		}
		return Math.min(seconds, ceilSeconds(policy.longestPeriod()));
	}

	private static StringBuilder separate(StringBuilder list) {
		return (list.length() > 0) ? list.append(", ") : list;
	}

	static long ceilSeconds(Duration duration) {
		long seconds = duration.getSeconds();
		return (duration.getNano() > 0) ? seconds + 1 : seconds;
	}

	/**
	 * What a policy writes whatever the decision: its quotas ({@code "name";q=100;w=60}, one per
	 * limit), also as the {@code RateLimit-Policy} header of a response that only this policy
	 * limits, encoded once ({@code null} if the text is not printable ASCII), the start of its
	 * state item ({@code "name";r=}) and its smallest capacity.
	 */
	private record PolicyText(String quotas, @Nullable EncodedHeader header, String statePrefix,
			String smallestCapacity) {

		static PolicyText of(RateLimitPolicy policy) {
			StringBuilder quotas = new StringBuilder();
			for (Limit limit : policy.limits()) {
				separate(quotas).append('"').append(policy.name()).append("\";q=").append(limit.capacity())
					.append(";w=").append(ceilSeconds(limit.period()));
			}
			String text = quotas.toString();
			return new PolicyText(text, EncodedHeader.isPrintableAscii(text) ? EncodedHeader.of(POLICY, text) : null,
					'"' + policy.name() + "\";r=",
					Long.toString(policy.smallestCapacity()));
		}

	}

}
