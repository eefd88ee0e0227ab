/**
 * Pagination: page requests checked against bounds ({@link dev.hardening.pagination.Paging}),
 * offset pages, keyset pages behind signed cursors ({@link dev.hardening.pagination.Keyset},
 * {@link dev.hardening.pagination.CursorCodec}), and RFC 8288 links between pages.
 */
@NullMarked
package dev.hardening.pagination;

import org.jspecify.annotations.NullMarked;
