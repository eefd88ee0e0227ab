package dev.hardening.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import dev.hardening.deadline.Deadline;
import dev.hardening.resilience.ResilienceListener.CallOutcome;
import dev.hardening.resilience.ResilienceListener.RetryRefusal;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A named way to call something that fails: each attempt goes through a Resilience4j circuit
 * breaker (and a bulkhead, if configured); a retryable failure is retried after a full-jitter
 * backoff, or after the callee's {@code Retry-After} when that is within the cap, as long as the
 * retry budget allows.
 *
 * <pre>{@code
 * ResiliencePolicy payments = ResiliencePolicy.of("payments", ResilienceConfig.ofDefaults());
 * Receipt receipt = payments.execute(() -> client.charge(order));
 * }</pre>
 *
 * <p>When every attempt fails, the last failure is thrown as it was (or, for a classified call,
 * the last result returned); a thrown failure is always thrown, also when it counts as a success
 * or is ignored. A call the breaker turns away throws {@link CircuitOpenException}; one the
 * bulkhead turns away, {@link UpstreamBusyException}. No attempt starts after the total timeout.
 * Thread-safe.
 */
public final class ResiliencePolicy {

	private static final Throwable FAILED_RESULT = new FailedResult();

	private static final Duration MIN_ATTEMPT = Duration.ofMillis(1);

	/** The least time worth starting another attempt with before the request's deadline. */
	static final Duration MIN_ATTEMPT_BEFORE_DEADLINE = Duration.ofMillis(50);

	private final String name;

	private final String instanceName;

	private final ResilienceConfig config;

	private final @Nullable CircuitBreaker breaker;

	private final @Nullable Bulkhead bulkhead;

	private final RetryBudget budget;

	private final Clock clock;

	private final Sleeper sleeper;

	private final DoubleSupplier random;

	private final @Nullable ExecutorService timeoutExecutor;

	private final ResilienceListener listener;

	private ResiliencePolicy(Builder builder) {
		this.name = builder.name;
		this.instanceName = (builder.instanceName != null) ? builder.instanceName : builder.name;
		this.config = builder.config;
		this.clock = builder.clock;
		this.sleeper = builder.sleeper;
		this.random = builder.random;
		this.timeoutExecutor = builder.timeoutExecutor;
		this.listener = builder.listener;
		this.budget = RetryBudget.of(this.config.retryBudget(), this.config.minRetriesPerSecond(), this.clock);
		this.breaker = this.config.breakerEnabled()
				? Guards.breaker(this.config, this.instanceName, builder.customClock ? this.clock : null, builder.breakers)
				: null;
		this.bulkhead = (this.config.maxConcurrentCalls() > 0)
				? Guards.bulkhead(this.config, this.instanceName, builder.bulkheads) : null;
	}

	/**
	 * Creates a policy with its own breaker and bulkhead, on the system clock.
	 * @param name the policy's name, for metrics and problems
	 * @param config the settings
	 * @return the policy
	 */
	public static ResiliencePolicy of(String name, ResilienceConfig config) {
		return builder(name, config).build();
	}

	/**
	 * Starts a policy, to give it a clock, a sleeper, registries or a listener.
	 * @param name the policy's name, for metrics and problems
	 * @param config the settings
	 * @return a builder
	 */
	public static Builder builder(String name, ResilienceConfig config) {
		return new Builder(name, config);
	}

	/**
	 * Returns the name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the name of this instance of the policy: its breaker's and bulkhead's, and what
	 * metrics are tagged with. The same as {@link #name()} unless one policy has several
	 * instances, such as one per host.
	 * @return the instance name
	 */
	public String instanceName() {
		return this.instanceName;
	}

	/**
	 * Returns the settings.
	 * @return the settings
	 */
	public ResilienceConfig config() {
		return this.config;
	}

	/**
	 * Returns the circuit breaker, for its state and metrics.
	 * @return the breaker, or empty if the policy has none
	 */
	public Optional<CircuitBreaker> circuitBreaker() {
		return Optional.ofNullable(this.breaker);
	}

	/**
	 * Returns the bulkhead.
	 * @return the bulkhead, or empty if the policy has none
	 */
	public Optional<Bulkhead> bulkhead() {
		return Optional.ofNullable(this.bulkhead);
	}

	/**
	 * Returns the retry budget.
	 * @return the budget
	 */
	public RetryBudget retryBudget() {
		return this.budget;
	}

	/**
	 * Calls {@code call} under the policy; thrown failures that the configuration calls retryable
	 * are retried, ignored ones thrown at once. With a timeout, each attempt runs on another
	 * thread, so thread-bound state (transactions, the logging MDC) does not reach it, and gets at
	 * most the time the total timeout leaves.
	 * @param call the call
	 * @param <T> the result type
	 * @return the result of the first successful attempt
	 * @throws CircuitOpenException if the breaker is open
	 * @throws UpstreamBusyException if the bulkhead is full
	 * @throws AttemptTimeoutException if the last attempt timed out
	 * @throws CancellationException if the thread is interrupted while waiting
	 */
	public <T> T execute(Supplier<T> call) {
		Objects.requireNonNull(call, "call must not be null");
		try {
			return call(call::get);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw cancelled(ex);
		}
		catch (Exception ex) {
			// a Supplier throws no checked exception; only a sneaky one can get here
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Calls {@code call} under the policy; thrown failures that the configuration calls retryable
	 * are retried. With a timeout, each attempt runs on another thread (see
	 * {@link #execute(Supplier)}).
	 * @param call the call
	 * @param <T> the result type
	 * @return the result of the first successful attempt
	 * @throws Exception the last attempt's failure, or one of the exceptions of
	 * {@link #execute(Supplier)}
	 */
	@SuppressWarnings("unchecked")
	public <T> T call(Callable<T> call) throws Exception {
		Objects.requireNonNull(call, "call must not be null");
		return run(call, (OutcomeClassifier<T>) this.config.failures(), this.config.timeout(), Duration.ZERO);
	}

	/**
	 * Calls {@code attempt} under the policy, with the classifier saying which results and
	 * failures are worth another attempt. No thread is added: the attempt must bound its own time,
	 * as an HTTP client with a read timeout does.
	 * @param attempt one attempt
	 * @param classifier what each attempt came to
	 * @param <T> the result type
	 * @return the first successful result, or the last one when no attempt succeeded
	 * @throws Exception the last attempt's failure (also one the classifier calls a success), or
	 * one of the exceptions of {@link #execute(Supplier)}
	 */
	public <T> T call(Callable<T> attempt, OutcomeClassifier<T> classifier) throws Exception {
		return call(attempt, classifier, Duration.ZERO);
	}

	/**
	 * Calls {@code attempt} under the policy, as {@link #call(Callable, OutcomeClassifier)}, for
	 * attempts that bound their own time to at most {@code attemptTimeout} (an HTTP client's
	 * connect plus read timeout): a retry starts only if it can end within the total timeout.
	 * @param attempt one attempt
	 * @param classifier what each attempt came to
	 * @param attemptTimeout the longest one attempt can take, or zero if unknown
	 * @param <T> the result type
	 * @return the first successful result, or the last one when no attempt succeeded
	 * @throws Exception as {@link #call(Callable, OutcomeClassifier)}
	 */
	public <T> T call(Callable<T> attempt, OutcomeClassifier<T> classifier, Duration attemptTimeout) throws Exception {
		Objects.requireNonNull(attempt, "attempt must not be null");
		Objects.requireNonNull(classifier, "classifier must not be null");
		Objects.requireNonNull(attemptTimeout, "attemptTimeout must not be null");
		if (attemptTimeout.isNegative()) {
			throw new IllegalArgumentException("attemptTimeout must not be negative, but was " + attemptTimeout);
		}
		return run(attempt, classifier, null, attemptTimeout);
	}

	private <T> T run(Callable<T> attempt, OutcomeClassifier<T> classifier, @Nullable Duration timeout,
			Duration attemptTimeout) throws Exception {
		// a request already out of time makes no call at all
		Deadline.checkCurrent();
		this.budget.recordCall();
		long started = this.clock.millis();
		for (int number = 1;; number++) {
			acquire(number);
			long start = (this.breaker != null) ? this.breaker.getCurrentTimestamp() : 0;
			T result = null;
			Duration wait = null;
			boolean settled = false;
			try {
				Exception failure = null;
				try {
					result = (timeout != null)
							? Attempts.timed(attempt, within(timeout, started), this.bulkhead, this.timeoutExecutor, this.name)
							: Attempts.holding(attempt, this.bulkhead);
				}
				catch (Exception ex) {
					failure = ex;
				}
				if (failure != null && (failure instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
					// the caller gave up: not the callee's failure, and no reason to try again
					this.listener.onCallFinished(this.instanceName,
							(number == 1) ? CallOutcome.FAILURE_WITHOUT_RETRY : CallOutcome.FAILURE_AFTER_RETRY);
					throw failure;
				}
				if (failure != null && this.config.isIgnored(failure)) {
					// neither the callee's success nor its failure: the breaker forgets the attempt
					settled = true;
					if (this.breaker != null) {
						this.breaker.releasePermission();
					}
					this.listener.onCallFinished(this.instanceName, CallOutcome.IGNORED);
					throw failure;
				}
				Outcome outcome = (failure != null) ? classifier.ofFailure(failure) : classifier.ofResult(result);
				record(start, outcome.failure() ? ((failure != null) ? failure : FAILED_RESULT) : null);
				settled = true;
				if (!outcome.failure()) {
					this.listener.onCallFinished(this.instanceName,
							(number == 1) ? CallOutcome.SUCCESS_WITHOUT_RETRY : CallOutcome.SUCCESS_AFTER_RETRY);
					if (failure != null) {
						// a success for the breaker, yet the caller must still see what was thrown
						throw failure;
					}
					return result;
				}
				wait = outcome.retryable() ? nextWait(number, outcome.retryAfter(), started, attemptTimeout) : null;
				if (wait == null) {
					this.listener.onCallFinished(this.instanceName,
							(number == 1) ? CallOutcome.FAILURE_WITHOUT_RETRY : CallOutcome.FAILURE_AFTER_RETRY);
					if (failure != null) {
						throw failure;
					}
					return result;
				}
				if (result != null) {
					classifier.discard(result);
				}
				this.listener.onRetry(this.instanceName, number, wait);
			}
			finally {
				if (!settled) {
					// interrupted, or the classifier failed: free the breaker's permit, drop the result
					if (this.breaker != null) {
						this.breaker.releasePermission();
					}
					if (result != null) {
						discardQuietly(classifier, result);
					}
				}
			}
			try {
				this.sleeper.sleep(Objects.requireNonNull(wait));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw cancelled(ex);
			}
		}
	}

	private void acquire(int number) {
		if (this.breaker != null && !this.breaker.tryAcquirePermission()) {
			this.listener.onCallFinished(this.instanceName,
					(number == 1) ? CallOutcome.REJECTED : CallOutcome.FAILURE_AFTER_RETRY);
			throw new CircuitOpenException(this.name, this.config.openFor());
		}
		if (this.bulkhead != null && !this.bulkhead.tryAcquirePermission()) {
			if (this.breaker != null) {
				this.breaker.releasePermission();
			}
			this.listener.onCallFinished(this.instanceName,
					(number == 1) ? CallOutcome.REJECTED : CallOutcome.FAILURE_AFTER_RETRY);
			throw new UpstreamBusyException(this.name);
		}
	}

	private void record(long start, @Nullable Throwable failure) {
		if (this.breaker != null) {
			long duration = this.breaker.getCurrentTimestamp() - start;
			if (failure != null) {
				this.breaker.onError(duration, this.breaker.getTimestampUnit(), failure);
			}
			else {
				this.breaker.onSuccess(duration, this.breaker.getTimestampUnit());
			}
		}
	}

	private static <T> void discardQuietly(OutcomeClassifier<T> classifier, T result) {
		try {
			classifier.discard(result);
		}
		catch (RuntimeException ex) {
			// the call already failed; this one must not hide why
		}
	}

	/** The wait before the next attempt, or {@code null} if there is to be none. */
	private @Nullable Duration nextWait(int number, @Nullable Duration retryAfter, long started,
			Duration attemptTimeout) {
		if (number >= this.config.maxAttempts()) {
			return null;
		}
		if (retryAfter != null && retryAfter.compareTo(this.config.maxBackoff()) > 0) {
			this.listener.onRetryRefused(this.instanceName, RetryRefusal.RETRY_AFTER_TOO_LONG);
			return null;
		}
		Duration wait = (retryAfter != null) ? retryAfter
				: Duration.ofNanos((long) (this.random.getAsDouble() * backoffCeiling(number).toNanos()));
		Duration total = this.config.totalTimeout();
		if (total != null && Duration.ofMillis(this.clock.millis() - started).plus(wait).plus(attemptTimeout)
			.compareTo(total) >= 0) {
			// the next attempt could not start, or not end, within the call's time
			this.listener.onRetryRefused(this.instanceName, RetryRefusal.TOTAL_TIMEOUT);
			return null;
		}
		Deadline deadline = Deadline.current();
		if (deadline != null && deadline.remaining().compareTo(wait.plus(MIN_ATTEMPT_BEFORE_DEADLINE)) < 0) {
			// the request this call serves would be over before the next attempt could end
			this.listener.onRetryRefused(this.instanceName, RetryRefusal.DEADLINE);
			return null;
		}
		if (!this.budget.tryRetry()) {
			this.listener.onRetryRefused(this.instanceName, RetryRefusal.BUDGET_EXHAUSTED);
			return null;
		}
		return wait;
	}

	/** A timed attempt's timeout: its own, or the time the call has left if that is shorter. */
	private Duration within(Duration timeout, long started) {
		Duration total = this.config.totalTimeout();
		if (total == null) {
			return timeout;
		}
		Duration left = total.minusMillis(this.clock.millis() - started);
		if (left.compareTo(timeout) >= 0) {
			return timeout;
		}
		// a retry starts only with time left; a clock that moved on while it slept still gets one tick
		return (left.compareTo(MIN_ATTEMPT) > 0) ? left : MIN_ATTEMPT;
	}

	/**
	 * Returns the most a full-jitter wait after the given attempt can be.
	 * @param attempt the attempt that failed, from 1
	 * @return {@code min(maxBackoff, initialBackoff × 2^(attempt-1))}
	 */
	public Duration backoffCeiling(int attempt) {
		Duration ceiling = this.config.initialBackoff();
		for (int i = 1; i < attempt && ceiling.compareTo(this.config.maxBackoff()) < 0; i++) {
			ceiling = ceiling.multipliedBy(2);
		}
		return (ceiling.compareTo(this.config.maxBackoff()) > 0) ? this.config.maxBackoff() : ceiling;
	}

	private static CancellationException cancelled(InterruptedException cause) {
		CancellationException cancelled = new CancellationException("interrupted between attempts");
		cancelled.initCause(cause);
		return cancelled;
	}

	@Override
	public String toString() {
		return "ResiliencePolicy[" + this.instanceName + ", " + this.config + "]";
	}

	/**
	 * Waits between attempts; tests give one that moves a clock instead.
	 */
	@FunctionalInterface
	public interface Sleeper {

		/**
		 * Waits.
		 * @param duration how long
		 * @throws InterruptedException if interrupted while waiting
		 */
		void sleep(Duration duration) throws InterruptedException;

	}

	/**
	 * Builds a {@link ResiliencePolicy}.
	 */
	public static final class Builder {

		private final String name;

		private final ResilienceConfig config;

		private Clock clock = Clock.systemUTC();

		private boolean customClock;

		private Sleeper sleeper = (duration) -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

		private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

		private @Nullable ExecutorService timeoutExecutor;

		private ResilienceListener listener = ResilienceListener.NONE;

		private @Nullable CircuitBreakerRegistry breakers;

		private @Nullable BulkheadRegistry bulkheads;

		private @Nullable String instanceName;

		private Builder(String name, ResilienceConfig config) {
			Objects.requireNonNull(name, "name must not be null");
			if (name.isBlank()) {
				throw new IllegalArgumentException("name must not be blank");
			}
			this.name = name;
			this.config = Objects.requireNonNull(config, "config must not be null");
		}

		/**
		 * Sets the clock of the retry budget, the breaker and the total timeout.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			this.customClock = true;
			return this;
		}

		/**
		 * Sets how to wait between attempts.
		 * @param sleeper the sleeper
		 * @return this builder
		 */
		public Builder sleeper(Sleeper sleeper) {
			this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
			return this;
		}

		/**
		 * Sets the source of jitter: each call returns a value in {@code [0, 1)}.
		 * @param random the source
		 * @return this builder
		 */
		public Builder random(DoubleSupplier random) {
			this.random = Objects.requireNonNull(random, "random must not be null");
			return this;
		}

		/**
		 * Sets the threads timed attempts run on; by default a shared pool of daemon threads.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder timeoutExecutor(ExecutorService executor) {
			this.timeoutExecutor = Objects.requireNonNull(executor, "executor must not be null");
			return this;
		}

		/**
		 * Sets the listener, for metrics.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(ResilienceListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener must not be null");
			return this;
		}

		/**
		 * Creates the breaker in a registry (where Resilience4j's metrics and health find it)
		 * instead of on its own.
		 * @param registry the registry
		 * @return this builder
		 */
		public Builder circuitBreakers(CircuitBreakerRegistry registry) {
			this.breakers = Objects.requireNonNull(registry, "registry must not be null");
			return this;
		}

		/**
		 * Creates the bulkhead in a registry instead of on its own.
		 * @param registry the registry
		 * @return this builder
		 */
		public Builder bulkheads(BulkheadRegistry registry) {
			this.bulkheads = Objects.requireNonNull(registry, "registry must not be null");
			return this;
		}

		/**
		 * Names this instance apart from the policy, when a policy has several (one per host):
		 * its breaker, bulkhead and metrics take this name; problems keep the policy's.
		 * @param instanceName the instance name
		 * @return this builder
		 */
		public Builder instanceName(String instanceName) {
			Objects.requireNonNull(instanceName, "instanceName must not be null");
			if (instanceName.isBlank()) {
				throw new IllegalArgumentException("instanceName must not be blank");
			}
			this.instanceName = instanceName;
			return this;
		}

		/**
		 * Builds the policy.
		 * @return the policy
		 */
		public ResiliencePolicy build() {
			return new ResiliencePolicy(this);
		}

	}

	/** Stands for a failed result in the breaker's records. */
	private static final class FailedResult extends Exception {

		private static final long serialVersionUID = 1L;

		FailedResult() {
			super("the call returned a failed result", null, false, false);
		}

	}

}
