/**
 * Request deadlines: one time budget per request, read by the code that spends it. A
 * {@link dev.hardening.deadline.Deadline} is bound to the thread serving the request; outbound
 * calls, statements and {@link dev.hardening.deadline.Deadline#check()} stop once it has passed,
 * with a {@link dev.hardening.deadline.DeadlineExceededException}. Nothing is interrupted: work
 * stops at its next check.
 */
@NullMarked
package dev.hardening.deadline;

import org.jspecify.annotations.NullMarked;
