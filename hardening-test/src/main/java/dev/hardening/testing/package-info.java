/**
 * Test support for applications that use the hardening starter.
 */
@NullMarked
package dev.hardening.testing;

import org.jspecify.annotations.NullMarked;
