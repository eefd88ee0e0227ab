/**
 * Auto-configuration of two-tier caching: a Spring {@code CacheManager} over
 * {@link dev.hardening.cache.TieredCache}, tuned per cache by {@code hardening.cache.*}.
 */
@NullMarked
package dev.hardening.autoconfigure.cache;

import org.jspecify.annotations.NullMarked;
