/**
 * The one Lettuce connection to Redis that the Redis backends share, with production defaults:
 * short timeouts, commands rejected rather than queued while disconnected, and reconnection with
 * jittered backoff. Only the {@code redis} packages import {@code io.lettuce}.
 */
@NullMarked
package dev.hardening.redis;

import org.jspecify.annotations.NullMarked;
