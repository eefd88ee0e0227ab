/**
 * The Redis backend of {@link dev.hardening.ratelimit}: buckets shared by every instance, decided
 * by a server-side script in one round trip.
 */
@NullMarked
package dev.hardening.ratelimit.redis;

import org.jspecify.annotations.NullMarked;
