/**
 * The catalogue: books, the in-memory store and the export that is not set up.
 */
@NullMarked
package dev.hardening.samples.webapp.books;

import org.jspecify.annotations.NullMarked;
