package dev.hardening.autoconfigure.ratelimit;

import java.util.Set;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.ratelimit.RateLimitProperties.MissingKey;
import dev.hardening.ratelimit.RateLimitPolicy;


/**
 * A policy as configured: where it applies, and how a request's caller is found.
 *
 * @param policy the policy
 * @param paths where it applies; empty for {@code @RateLimit}-only policies
 * @param methods the HTTP methods it applies to, {@code HEAD} included wherever {@code GET} is;
 * empty for all
 * @param key finds the caller
 * @param afterAuthentication whether the key needs the authenticated user, so the rule is applied
 * once Spring Security has run rather than before it
 * @param onMissingKey what to do when the request has no key
 * @param keyDescription the key in words, for a rejection's detail, such as "the X-API-Key header"
 * @param challenge the {@code WWW-Authenticate} challenge of a {@code 401} for a missing key, such
 * as {@code ApiKey realm="api-key", header="X-API-Key"}
 */
record RateLimitRule(RateLimitPolicy policy, PathPatterns paths, Set<String> methods, RateLimitKeyResolver key,
		boolean afterAuthentication, MissingKey onMissingKey, String keyDescription, String challenge) {

	boolean appliesTo(String method) {
		return this.methods.isEmpty() || this.methods.contains(method);
	}

}
