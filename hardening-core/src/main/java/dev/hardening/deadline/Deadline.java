package dev.hardening.deadline;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A point in time by which a request's work must be done, on the monotonic clock. Read it with
 * {@link #remaining()}, stop with {@link #check()}; the request's own deadline is
 * {@link #current()} on the thread serving it, and {@link #wrap(Runnable)} carries it to work
 * handed to another thread.
 *
 * <pre>{@code
 * Deadline deadline = Deadline.current();
 * for (Item item : items) {
 *     Deadline.checkCurrent();        // throws DeadlineExceededException once the budget is spent
 *     process(item);
 * }
 * }</pre>
 */
public final class Deadline {

	private static final ThreadLocal<@Nullable Deadline> CURRENT = new ThreadLocal<>();

	private static final LongSupplier SYSTEM_NANOS = System::nanoTime;

	private final long deadlineNanos;

	private final LongSupplier nanoTime;

	private Deadline(long deadlineNanos, LongSupplier nanoTime) {
		this.deadlineNanos = deadlineNanos;
		this.nanoTime = nanoTime;
	}

	/**
	 * Returns the deadline a budget from now.
	 * @param budget the time the work may take, not negative
	 * @return the deadline
	 */
	public static Deadline after(Duration budget) {
		return after(budget, SYSTEM_NANOS.getAsLong(), SYSTEM_NANOS);
	}

	/**
	 * Returns the deadline a budget after a start, on a clock the caller moves (tests).
	 * @param budget the time the work may take, not negative
	 * @param startNanos when the work started, on {@code nanoTime}
	 * @param nanoTime the monotonic clock, in nanoseconds
	 * @return the deadline
	 */
	public static Deadline after(Duration budget, long startNanos, LongSupplier nanoTime) {
		Objects.requireNonNull(budget, "budget must not be null");
		Objects.requireNonNull(nanoTime, "nanoTime must not be null");
		if (budget.isNegative()) {
			throw new IllegalArgumentException("budget must not be negative, but was " + budget);
		}
		return new Deadline(startNanos + saturatedNanos(budget), nanoTime);
	}

	/**
	 * Returns the earlier of this deadline and another budget from the same start.
	 * @param budget a budget from {@code startNanos}
	 * @param startNanos when the work started
	 * @return this deadline, or an earlier one
	 */
	public Deadline atMost(Duration budget, long startNanos) {
		long other = startNanos + saturatedNanos(budget);
		return (other - this.deadlineNanos < 0) ? new Deadline(other, this.nanoTime) : this;
	}

	/**
	 * Returns the time left.
	 * @return the time left; zero once passed, never negative
	 */
	public Duration remaining() {
		long left = remainingNanos();
		return (left > 0) ? Duration.ofNanos(left) : Duration.ZERO;
	}

	/**
	 * Returns the time left in nanoseconds.
	 * @return the time left; zero or negative once passed
	 */
	public long remainingNanos() {
		return this.deadlineNanos - this.nanoTime.getAsLong();
	}

	/**
	 * Tells whether the deadline has passed.
	 * @return {@code true} once no time is left
	 */
	public boolean isExpired() {
		return remainingNanos() <= 0;
	}

	/**
	 * Stops work whose deadline has passed.
	 * @throws DeadlineExceededException if it has
	 */
	public void check() {
		if (isExpired()) {
			throw new DeadlineExceededException("The request's deadline passed before its work was done.");
		}
	}

	/**
	 * Returns the deadline of the request this thread serves.
	 * @return the deadline, or {@code null} when none is set
	 */
	public static @Nullable Deadline current() {
		return CURRENT.get();
	}

	/**
	 * Stops the request this thread serves if its deadline has passed; does nothing without one.
	 * @throws DeadlineExceededException if it has
	 */
	public static void checkCurrent() {
		Deadline deadline = CURRENT.get();
		if (deadline != null) {
			deadline.check();
		}
	}

	/**
	 * Binds a deadline to this thread until the returned scope is closed, which restores the one
	 * before.
	 * @param deadline the deadline, or {@code null} for none
	 * @return the scope to close
	 */
	public static Scope bind(@Nullable Deadline deadline) {
		Deadline previous = CURRENT.get();
		CURRENT.set(deadline);
		return () -> {
			if (previous != null) {
				CURRENT.set(previous);
			}
			else {
				CURRENT.remove();
			}
		};
	}

	/**
	 * Returns a task that runs under this thread's current deadline, wherever it runs: for work
	 * handed to an executor from a request.
	 * @param task the task
	 * @return the wrapped task, or {@code task} when there is no deadline
	 */
	public static Runnable wrap(Runnable task) {
		Deadline deadline = CURRENT.get();
		if (deadline == null) {
			return task;
		}
		return () -> {
			try (Scope scope = bind(deadline)) {
				task.run();
			}
		};
	}

	/**
	 * Returns a task that runs under this thread's current deadline, wherever it runs.
	 * @param <T> the task's result
	 * @param task the task
	 * @return the wrapped task, or {@code task} when there is no deadline
	 */
	public static <T> Callable<T> wrap(Callable<T> task) {
		Deadline deadline = CURRENT.get();
		if (deadline == null) {
			return task;
		}
		return () -> {
			try (Scope scope = bind(deadline)) {
				return task.call();
			}
		};
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE / 4;
		}
	}

	@Override
	public String toString() {
		return "Deadline[remaining=" + remaining() + "]";
	}

	/**
	 * A deadline bound to a thread; closing it restores what was bound before.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
