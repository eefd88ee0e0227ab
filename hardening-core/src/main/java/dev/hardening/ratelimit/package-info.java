/**
 * Rate limiting with token buckets: a {@link dev.hardening.ratelimit.RateLimitPolicy} of one or
 * more {@link dev.hardening.ratelimit.Limit}s, a {@link dev.hardening.ratelimit.RateLimiter} that
 * answers each call with a {@link dev.hardening.ratelimit.RateLimitDecision}, local (Bucket4j in
 * a bounded Caffeine map) or shared through Redis, and a {@link
 * dev.hardening.ratelimit.FailoverRateLimiter} that decides what happens when Redis fails.
 */
@NullMarked
package dev.hardening.ratelimit;

import org.jspecify.annotations.NullMarked;
