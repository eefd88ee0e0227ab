/**
 * The idempotency key store shared through Redis.
 */
@NullMarked
package dev.hardening.idempotency.redis;

import org.jspecify.annotations.NullMarked;
