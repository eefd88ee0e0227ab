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
						.append(each.decision().remaining()).append(";t=").append(ceilSeconds(each.decision().resetAfter()));
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
		long limit = Long.MAX_VALUE;
		for (Limit each : tightest.policy().limits()) {
			limit = Math.min(limit, each.capacity());
		}
		response.setHeader("X-RateLimit-Limit", Long.toString(limit));
		response.setHeader("X-RateLimit-Remaining", Long.toString(tightest.decision().remaining()));
		response.setHeader("X-RateLimit-Reset", Long.toString(ceilSeconds(tightest.decision().resetAfter())));
	}

	private static StringBuilder separate(StringBuilder list) {
		return (list.length() > 0) ? list.append(", ") : list;
	}

	static long ceilSeconds(Duration duration) {
		long seconds = duration.getSeconds();
		return (duration.getNano() > 0) ? seconds + 1 : seconds;
	}

}
