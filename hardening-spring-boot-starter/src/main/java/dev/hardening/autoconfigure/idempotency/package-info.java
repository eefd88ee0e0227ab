/**
 * Auto-configuration of idempotency keys: policies from {@code hardening.idempotency.*} and
 * {@link dev.hardening.autoconfigure.idempotency.Idempotent @Idempotent} handlers, a filter that
 * makes the request body readable twice and records the response, and an interceptor that takes
 * the key, replays a completed request's response, or refuses a conflicting one.
 */
@NullMarked
package dev.hardening.autoconfigure.idempotency;

import org.jspecify.annotations.NullMarked;
