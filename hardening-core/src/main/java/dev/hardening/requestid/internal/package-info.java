/**
 * Implementation of {@link dev.hardening.requestid}. Not API: do not use these types from
 * outside {@code hardening-core}; they change without notice.
 */
@NullMarked
package dev.hardening.requestid.internal;

import org.jspecify.annotations.NullMarked;
