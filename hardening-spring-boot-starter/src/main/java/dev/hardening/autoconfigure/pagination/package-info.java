/**
 * Auto-configuration of pagination: controller parameters of type
 * {@link dev.hardening.pagination.OffsetPageRequest} and
 * {@link dev.hardening.pagination.CursorPageRequest} read and checked from the request, {@code Link}
 * headers on page responses, field selection, and helpers for JDBC keyset queries and Spring Data.
 */
@NullMarked
package dev.hardening.autoconfigure.pagination;

import org.jspecify.annotations.NullMarked;
