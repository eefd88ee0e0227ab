package dev.hardening.autoconfigure.idempotency;

import java.util.Set;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.ratelimit.RateLimitKeyResolver;

/**
 * A compiled policy: which requests it guards, whether they must send a key, and whose keys they are.
 *
 * @param name the policy's name, in metrics and store keys
 * @param paths the paths it guards; empty for a policy applied by {@link Idempotent @Idempotent} only
 * @param methods the HTTP methods it guards
 * @param required whether a request must send a key
 * @param client whose keys these are
 */
record IdempotencyRule(String name, PathPatterns paths, Set<String> methods, boolean required,
		RateLimitKeyResolver client) {

	boolean appliesTo(String method) {
		return this.methods.contains(method);
	}

}
