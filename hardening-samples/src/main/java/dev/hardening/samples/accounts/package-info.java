/**
 * Account registration: a route worth a tight, per-endpoint rate limit.
 */
@NullMarked
package dev.hardening.samples.accounts;

import org.jspecify.annotations.NullMarked;
