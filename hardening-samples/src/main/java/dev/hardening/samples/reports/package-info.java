/**
 * A slow endpoint under a request deadline.
 */
@NullMarked
package dev.hardening.samples.reports;

import org.jspecify.annotations.NullMarked;
