/**
 * The JSON API under /api and its exception handlers.
 */
@NullMarked
package dev.hardening.samples.webapp.api;

import org.jspecify.annotations.NullMarked;
