/**
 * Resilient calls: a {@link dev.hardening.resilience.ResiliencePolicy} retries with full-jitter
 * backoff inside a retry budget, honours {@code Retry-After}, and guards the callee with a
 * Resilience4j circuit breaker and, optionally, a bulkhead.
 */
@NullMarked
package dev.hardening.resilience;

import org.jspecify.annotations.NullMarked;
