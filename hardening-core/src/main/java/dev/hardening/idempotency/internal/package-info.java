/**
 * Implementation of the idempotency key stores; not for use by applications, which go through
 * {@link dev.hardening.idempotency.IdempotencyStore}.
 */
@NullMarked
package dev.hardening.idempotency.internal;

import org.jspecify.annotations.NullMarked;
