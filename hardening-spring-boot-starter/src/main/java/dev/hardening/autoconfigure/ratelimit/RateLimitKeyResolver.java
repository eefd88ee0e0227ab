package dev.hardening.autoconfigure.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Tells which caller a request belongs to, for policies whose {@code key} names this bean, such as
 * a tenant ID taken from a token. The value is hashed before it is used, so it may be a secret.
 */
@FunctionalInterface
public interface RateLimitKeyResolver {

	/**
	 * Returns the caller of a request.
	 * @param request the request
	 * @return the caller's key, or {@code null} when the request has none, which the policy's
	 * {@code on-missing-key} handles
	 */
	@Nullable String resolve(HttpServletRequest request);

}
