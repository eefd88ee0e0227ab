/**
 * JMH benchmarks that run hardening beside what users would otherwise write, in the same run, and
 * {@link dev.hardening.benchmarks.LoadRun}, the request chain under load.
 */
@NullMarked
package dev.hardening.benchmarks;

import org.jspecify.annotations.NullMarked;
