/**
 * Trace context: the trace ID of Micrometer Tracing's current span, for applications with tracing.
 */
@NullMarked
package dev.hardening.autoconfigure.tracing;

import org.jspecify.annotations.NullMarked;
