package dev.hardening.deadline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deadline a caller's header makes, at the extremes a client can reach (0 to 12 digits of
 * milliseconds) and wherever the monotonic clock happens to be, its overflow included: a caller
 * can shorten a budget, never lengthen it, and a deadline that has passed stays passed.
 */
class DeadlineShorteningPropertyTests {

	@Property(tries = 3000)
	void aCallersTimeoutShortensAndNeverLengthensWhereverTheClockIs(@ForAll long start,
			@ForAll @LongRange(min = 1, max = 86_400_000L) long budgetMillis,
			@ForAll @LongRange(min = 0, max = 999_999_999_999L) long callerMillis) {
		AtomicLong now = new AtomicLong(start);
		Deadline configured = Deadline.after(Duration.ofMillis(budgetMillis), start, now::get);

		Deadline shortened = configured.atMost(Duration.ofMillis(callerMillis), start);

		long expected = Math.min(budgetMillis, callerMillis);
		assertThat(shortened.remainingNanos()).isEqualTo(Duration.ofMillis(expected).toNanos());
		assertThat(shortened.isExpired()).isEqualTo(expected == 0);
		now.addAndGet(Duration.ofMillis(expected).toNanos());
		assertThat(shortened.isExpired()).isTrue();
		now.addAndGet(Duration.ofDays(365).toNanos());
		assertThat(shortened.isExpired()).isTrue();
		assertThat(shortened.remaining()).isEqualTo(Duration.ZERO);
	}

	@Property(tries = 1000)
	void aHugeBudgetSaturatesAndIsNeverAlreadyPassed(@ForAll long start, @ForAll @LongRange(min = 0) long seconds) {
		AtomicLong now = new AtomicLong(start);
		Deadline deadline = Deadline.after(Duration.ofSeconds(seconds), start, now::get);

		if (seconds > 0) {
			assertThat(deadline.isExpired()).as("a deadline %s s away", seconds).isFalse();
			now.addAndGet(Duration.ofDays(1).toNanos());
			assertThat(deadline.isExpired()).isEqualTo(Duration.ofSeconds(seconds).compareTo(Duration.ofDays(1)) <= 0);
		}
		assertThat(deadline.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(seconds));
	}

}
