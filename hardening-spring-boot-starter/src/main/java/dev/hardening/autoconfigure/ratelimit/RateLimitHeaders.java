package dev.hardening.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.List;

import dev.hardening.ratelimit.Limit;
import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import jakarta.servlet.http.HttpServletResponse;

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
 */
final class RateLimitHeaders {

	static final String POLICY = "RateLimit-Policy";

	static final String RATE_LIMIT = "RateLimit";

	private final boolean ietf;

	private final boolean legacy;

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
			StringBuilder policies = new StringBuilder();
			StringBuilder limits = new StringBuilder();
			for (Evaluated each : evaluated) {
				for (Limit limit : each.policy().limits()) {
					separate(policies).append('"').append(each.policy().name()).append("\";q=").append(limit.capacity())
						.append(";w=").append(ceilSeconds(limit.period()));
				}
				if (each.decision().isCounted()) {
					separate(limits).append('"').append(each.policy().name()).append("\";r=")
						.append(remaining(each)).append(";t=").append(resetSeconds(each));
				}
			}
			// added, not set: the filter and the interceptor may both write, and list fields combine
			response.addHeader(POLICY, policies.toString());
			if (limits.length() > 0) {
				response.addHeader(RATE_LIMIT, limits.toString());
			}
		}
		if (this.legacy) {
			writeLegacy(response, evaluated);
		}
	}

	private static void writeLegacy(HttpServletResponse response, List<Evaluated> evaluated) {
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
		response.setHeader("X-RateLimit-Limit", Long.toString(tightest.policy().smallestCapacity()));
		response.setHeader("X-RateLimit-Remaining", Long.toString(remaining(tightest)));
		response.setHeader("X-RateLimit-Reset", Long.toString(resetSeconds(tightest)));
	}

	/** What the tightest bucket has left, within 0 and the smallest capacity of the policy. */
	static long remaining(Evaluated evaluated) {
		return Math.min(Math.max(evaluated.decision().remaining(), 0), evaluated.policy().smallestCapacity());
	}

	/** Seconds until every bucket is full, within 0 and the longest period of the policy. */
	static long resetSeconds(Evaluated evaluated) {
		return boundedSeconds(evaluated.decision().resetAfter(), evaluated.policy());
	}

	/** A duration in whole seconds, rounded up, within 0 and the longest period of the policy. */
	static long boundedSeconds(Duration duration, RateLimitPolicy policy) {
		if (duration.isNegative()) {
			return 0;
		}
		return Math.min(ceilSeconds(duration), ceilSeconds(policy.longestPeriod()));
	}

	private static StringBuilder separate(StringBuilder list) {
		return (list.length() > 0) ? list.append(", ") : list;
	}

	static long ceilSeconds(Duration duration) {
		long seconds = duration.getSeconds();
		return (duration.getNano() > 0) ? seconds + 1 : seconds;
	}

}
