/**
 * Two-tier caching: a {@link dev.hardening.cache.TieredCache} of Caffeine in the process (L1) and,
 * optionally, a {@link dev.hardening.cache.RemoteTier} shared by every instance (L2, Redis), with
 * single-flight loads, TTL jitter, negative caching and cross-instance invalidation.
 */
@NullMarked
package dev.hardening.cache;

import org.jspecify.annotations.NullMarked;
