/**
 * Auto-configuration of conditional requests: shallow ETags, deep ETags through
 * {@link dev.hardening.autoconfigure.etag.ConditionalRequest}, {@code If-Match}, Cache-Control
 * rules and compression defaults.
 */
@NullMarked
package dev.hardening.autoconfigure.etag;

import org.jspecify.annotations.NullMarked;
