/**
 * Request correlation: which incoming request IDs are safe to keep, and how new ones are made.
 */
@NullMarked
package dev.hardening.requestid;

import org.jspecify.annotations.NullMarked;
