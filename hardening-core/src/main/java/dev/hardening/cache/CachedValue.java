package dev.hardening.cache;

import org.jspecify.annotations.Nullable;

/**
 * A value found in a cache, which may itself be {@code null} (a cached {@code null} result); a
 * lookup that finds nothing returns no {@code CachedValue} at all.
 *
 * @param value the cached value
 */
public record CachedValue(@Nullable Object value) {

}
