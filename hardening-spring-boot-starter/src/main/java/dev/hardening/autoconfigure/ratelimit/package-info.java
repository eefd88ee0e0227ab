/**
 * Auto-configuration of rate limiting: policies from properties, applied by path in a servlet
 * filter and by {@link dev.hardening.autoconfigure.ratelimit.RateLimit @RateLimit} on handler
 * methods, with IETF {@code RateLimit} headers and {@code 429} problems.
 */
@NullMarked
package dev.hardening.autoconfigure.ratelimit;

import org.jspecify.annotations.NullMarked;
