/**
 * Idempotency keys (draft-ietf-httpapi-idempotency-key-header): the client sends a key with a
 * non-idempotent request, and a retry with the same key gets the first answer instead of running
 * again. {@link dev.hardening.idempotency.IdempotencyKey} reads the header,
 * {@link dev.hardening.idempotency.Fingerprint} identifies the request a key was first used with,
 * and an {@link dev.hardening.idempotency.IdempotencyStore}, local or shared through Redis, holds
 * each key's state: running under a lease, or completed with its {@link
 * dev.hardening.idempotency.StoredResponse}.
 */
@NullMarked
package dev.hardening.idempotency;

import org.jspecify.annotations.NullMarked;
