/**
 * Auto-configuration of operations: health checks of the database and Redis that time out, run
 * in parallel, one at a time per dependency, and are reused for a TTL on every health path; the
 * readiness group that includes them; and the hardening report.
 */
@NullMarked
package dev.hardening.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
