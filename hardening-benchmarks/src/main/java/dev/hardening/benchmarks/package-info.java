/**
 * JMH benchmarks that run hardening beside what users would otherwise write, in the same run.
 */
@NullMarked
package dev.hardening.benchmarks;

import org.jspecify.annotations.NullMarked;
