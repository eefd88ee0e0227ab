/**
 * The sample service.
 */
@NullMarked
package dev.hardening.samples;

import org.jspecify.annotations.NullMarked;
