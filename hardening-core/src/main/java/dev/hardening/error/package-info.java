/**
 * Structured errors: a stable catalogue of {@link dev.hardening.error.ErrorCode}s and the
 * {@link dev.hardening.error.ApiException} family that applications throw to answer with an
 * RFC 9457 problem.
 */
@NullMarked
package dev.hardening.error;

import org.jspecify.annotations.NullMarked;
