/**
 * The Redis tier of {@link dev.hardening.cache}: values shared by every instance, generations for
 * constant-time clears, and invalidations over publish/subscribe.
 */
@NullMarked
package dev.hardening.cache.redis;

import org.jspecify.annotations.NullMarked;
