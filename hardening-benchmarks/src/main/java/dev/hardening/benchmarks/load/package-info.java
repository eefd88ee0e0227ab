/**
 * The plain service {@link dev.hardening.benchmarks.LoadRun} drives, with and without the starter.
 */
@NullMarked
package dev.hardening.benchmarks.load;

import org.jspecify.annotations.NullMarked;
