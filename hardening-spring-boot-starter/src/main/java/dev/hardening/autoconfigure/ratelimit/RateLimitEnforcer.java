package dev.hardening.autoconfigure.ratelimit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hardening.autoconfigure.error.ProblemFactory;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.autoconfigure.ratelimit.RateLimitHeaders.Evaluated;
import dev.hardening.error.ErrorCode;
import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * Applies rules to a request: asks the limiter for each, stops at the first rejection (no more
 * tokens are spent on a request that will not run), writes the rate-limit fields, and answers a
 * rejection with a problem. Shared by the filter and the interceptor, which may both meet the
 * same policy (by path, then by {@code @RateLimit}): a request attribute remembers the rules
 * already applied, so a policy charges a request once however it was attached.
 */
final class RateLimitEnforcer {

	/** The bucket shared by every request that has no value for a policy's key. */
	static final String MISSING_KEY = "~missing";

	/** The request attribute holding the rules already applied to the request. */
	static final String APPLIED = RateLimitEnforcer.class.getName() + ".applied";

	private final RateLimiter limiter;

	private final RateLimitMetrics metrics;

	private final RateLimitHeaders headers;

	private final @Nullable ProblemResponseWriter writer;

	private final @Nullable ProblemFactory problems;

	RateLimitEnforcer(RateLimiter limiter, RateLimitMetrics metrics, RateLimitHeaders headers,
			@Nullable ProblemResponseWriter writer, @Nullable ProblemFactory problems) {
		this.limiter = limiter;
		this.metrics = metrics;
		this.headers = headers;
		this.writer = writer;
		this.problems = problems;
	}

	/**
	 * Applies the rules.
	 * @return {@code true} if the request may proceed; otherwise the response has been written
	 */
	boolean enforce(HttpServletRequest request, HttpServletResponse response, List<RateLimitRule> rules)
			throws IOException {
		List<RateLimitRule> applied = applied(request);
		List<Evaluated> evaluated = new ArrayList<>(rules.size());
		for (RateLimitRule rule : rules) {
			if (contains(applied, rule)) {
				continue;
			}
			applied.add(rule);
			String key = rule.key().resolve(request);
			if (key == null) {
				switch (rule.onMissingKey()) {
					case SKIP:
						continue;
					case REJECT:
						this.headers.write(response, evaluated);
						response.setHeader(HttpHeaders.WWW_AUTHENTICATE, rule.challenge());
						reject(request, response, ErrorCode.UNAUTHORIZED,
								"This endpoint requires " + rule.keyDescription() + ".", null, Map.of());
						return false;
					default:
						key = MISSING_KEY;
				}
			}
			RateLimitDecision decision = this.limiter.tryAcquire(rule.policy(), key);
			this.metrics.record(rule.policy(), decision);
			evaluated.add(new Evaluated(rule.policy(), decision));
			if (!decision.allowed()) {
				this.headers.write(response, evaluated);
				rejectDecision(request, response, rule, decision);
				return false;
			}
		}
		this.headers.write(response, evaluated);
		return true;
	}

	@SuppressWarnings("unchecked")
	private static List<RateLimitRule> applied(HttpServletRequest request) {
		Object applied = request.getAttribute(APPLIED);
		if (applied instanceof List<?> list) {
			return (List<RateLimitRule>) list;
		}
		List<RateLimitRule> created = new ArrayList<>(4);
		request.setAttribute(APPLIED, created);
		return created;
	}

	/** By identity: rules are built once at startup, and a list of a few is faster than a set. */
	private static boolean contains(List<RateLimitRule> rules, RateLimitRule rule) {
		for (int i = 0; i < rules.size(); i++) {
			if (rules.get(i) == rule) {
				return true;
			}
		}
		return false;
	}

	private void rejectDecision(HttpServletRequest request, HttpServletResponse response, RateLimitRule rule,
			RateLimitDecision decision) throws IOException {
		if (decision.source() == RateLimitDecision.Source.FAIL_CLOSED) {
			reject(request, response, ErrorCode.SERVICE_UNAVAILABLE,
					"Rate limiting is unavailable; try again shortly.", null, Map.of());
			return;
		}
		long seconds = Math.max(1, RateLimitHeaders.boundedSeconds(decision.retryAfterNanos(), rule.policy()));
		reject(request, response, ErrorCode.RATE_LIMITED,
				"Too many requests for policy '" + rule.policy().name() + "'; try again in " + seconds
						+ ((seconds == 1) ? " second." : " seconds."),
				seconds, Map.of("policy", rule.policy().name()));
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail,
			@Nullable Long retryAfterSeconds, Map<String, Object> extensions) throws IOException {
		if (retryAfterSeconds != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}
		if (this.writer == null || this.problems == null) {
			response.sendError(code.status(), detail);
			return;
		}
		ProblemDetail problem = this.problems.create(code, detail);
		extensions.forEach(problem::setProperty);
		this.writer.write(request, response, problem);
	}

}
