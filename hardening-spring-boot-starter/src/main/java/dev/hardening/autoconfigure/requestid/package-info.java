/**
 * Auto-configuration of request correlation: the {@code X-Request-ID} filter and the logging MDC.
 */
@NullMarked
package dev.hardening.autoconfigure.requestid;

import org.jspecify.annotations.NullMarked;
