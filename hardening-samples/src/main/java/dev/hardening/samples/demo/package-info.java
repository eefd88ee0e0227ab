/**
 * What the starter catches, on purpose, in the {@code demo} profile only.
 */
@NullMarked
package dev.hardening.samples.demo;

import org.jspecify.annotations.NullMarked;
