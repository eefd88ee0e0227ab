/**
 * Auto-configuration of request deadlines: budgets from {@code hardening.deadline.*} and
 * {@link dev.hardening.autoconfigure.deadline.Deadline @Deadline} handlers, bound to the thread
 * serving each request, spent by resilience policies, JDBC statements and
 * {@link dev.hardening.deadline.Deadline#check()}, and passed on to internal hosts.
 */
@NullMarked
package dev.hardening.autoconfigure.deadline;

import org.jspecify.annotations.NullMarked;
