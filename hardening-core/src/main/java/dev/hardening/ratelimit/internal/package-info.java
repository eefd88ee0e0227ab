/**
 * Implementation of {@link dev.hardening.ratelimit}. Not API: do not use these types from outside
 * {@code hardening-core}; they change without notice.
 */
@NullMarked
package dev.hardening.ratelimit.internal;

import org.jspecify.annotations.NullMarked;
