package dev.hardening.autoconfigure.ratelimit;

import java.util.List;
import java.util.Set;

import dev.hardening.autoconfigure.ratelimit.RateLimitProperties.MissingKey;
import dev.hardening.ratelimit.RateLimitPolicy;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * A policy as configured: where it applies, and how a request's caller is found.
 *
 * @param policy the policy
 * @param paths the path patterns it applies to; empty for {@code @RateLimit}-only policies
 * @param excludedPaths the path patterns it does not apply to
 * @param methods the HTTP methods it applies to; empty for all
 * @param key finds the caller
 * @param afterAuthentication whether the key needs the authenticated user, so the rule is applied
 * once Spring Security has run rather than before it
 * @param onMissingKey what to do when the request has no key
 * @param keyDescription the key in words, for a rejection's detail, such as "the X-API-Key header"
 */
record RateLimitRule(RateLimitPolicy policy, List<PathPattern> paths, List<PathPattern> excludedPaths,
		Set<String> methods, RateLimitKeyResolver key, boolean afterAuthentication, MissingKey onMissingKey,
		String keyDescription) {

	boolean appliesTo(String method, PathContainer path) {
		if (this.paths.isEmpty() || (!this.methods.isEmpty() && !this.methods.contains(method))) {
			return false;
		}
		for (PathPattern excluded : this.excludedPaths) {
			if (excluded.matches(path)) {
				return false;
			}
		}
		for (PathPattern pattern : this.paths) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

}
