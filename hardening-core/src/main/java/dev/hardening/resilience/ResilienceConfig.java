package dev.hardening.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link ResiliencePolicy}: per-attempt and total timeouts, retries with
 * full-jitter exponential backoff, which failures are retryable, recorded or ignored, the retry
 * budget, the circuit breaker and the bulkhead. Immutable; start from {@link #custom()}, {@link #ofDefaults()} or
 * {@link #from(ResilienceConfig)}. Each builder method checks its value as it is set.
 *
 * <pre>{@code
 * ResilienceConfig payments = ResilienceConfig.custom()
 *     .timeout(Duration.ofSeconds(2))
 *     .maxAttempts(3)
 *     .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
 *     .retryBudget(0.1, 2)
 *     .build();
 * }</pre>
 */
public final class ResilienceConfig {

	private static final ResilienceConfig DEFAULTS = new Builder().build();

	private final @Nullable Duration timeout;

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final @Nullable Duration totalTimeout;

	private final ThrownFailures failures;

	private final Set<Integer> retryStatuses;

	private final double retryBudget;

	private final int minRetriesPerSecond;

	private final boolean breakerEnabled;

	private final float failureRateThreshold;

	private final float slowCallRateThreshold;

	private final Duration slowCallDuration;

	private final Duration openFor;

	private final int halfOpenCalls;

	private final int breakerWindow;

	private final int minimumCalls;

	private final int maxConcurrentCalls;

	private ResilienceConfig(Builder builder) {
		this.timeout = builder.timeout;
		this.maxAttempts = builder.maxAttempts;
		this.initialBackoff = builder.initialBackoff;
		this.maxBackoff = builder.maxBackoff;
		this.totalTimeout = builder.totalTimeout;
		this.failures = builder.failures;
		this.retryStatuses = builder.retryStatuses;
		this.retryBudget = builder.retryBudget;
		this.minRetriesPerSecond = builder.minRetriesPerSecond;
		this.breakerEnabled = builder.breakerEnabled;
		this.failureRateThreshold = builder.failureRateThreshold;
		this.slowCallRateThreshold = builder.slowCallRateThreshold;
		this.slowCallDuration = builder.slowCallDuration;
		this.openFor = builder.openFor;
		this.halfOpenCalls = builder.halfOpenCalls;
		this.breakerWindow = builder.breakerWindow;
		this.minimumCalls = builder.minimumCalls;
		this.maxConcurrentCalls = builder.maxConcurrentCalls;
	}

	/**
	 * Returns the defaults: no timeout per attempt and 30 s per call, 3 attempts, backoff from 100 ms to 2 s, retries on I/O
	 * errors and timeouts and on statuses 429, 502, 503 and 504, every thrown failure recorded by
	 * the breaker and none ignored, a budget of 10% of calls plus 2
	 * per second, and a breaker that opens for 30 s when half of the last 20 calls (at least 10)
	 * failed, then lets 3 probes through. No bulkhead.
	 * @return the defaults
	 */
	public static ResilienceConfig ofDefaults() {
		return DEFAULTS;
	}

	/**
	 * Starts from the defaults.
	 * @return a builder
	 */
	public static Builder custom() {
		return new Builder();
	}

	/**
	 * Starts from another configuration.
	 * @param prototype the configuration to copy
	 * @return a builder
	 */
	public static Builder from(ResilienceConfig prototype) {
		return new Builder(prototype);
	}

	/**
	 * Returns how long one attempt may take; {@code null} when attempts are not timed.
	 * @return the timeout, or {@code null}
	 */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/**
	 * Returns how long one call may take, its attempts and the waits between them included: no
	 * attempt starts after it, and a timed attempt is given at most the time left.
	 * @return the total timeout, or {@code null} when calls are not bounded as a whole
	 */
	public @Nullable Duration totalTimeout() {
		return this.totalTimeout;
	}

	/**
	 * Returns the most attempts one call makes, the first included.
	 * @return at least 1
	 */
	public int maxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Returns what thrown failures come to, the classifier of calls that bring none.
	 * @return the classification
	 */
	ThrownFailures failures() {
		return this.failures;
	}

	/**
	 * Returns the backoff ceiling of the first retry; it doubles with each retry.
	 * @return the initial backoff
	 */
	public Duration initialBackoff() {
		return this.initialBackoff;
	}

	/**
	 * Returns the backoff cap, which is also the longest {@code Retry-After} honoured.
	 * @return the cap
	 */
	public Duration maxBackoff() {
		return this.maxBackoff;
	}

	/**
	 * Tells whether a thrown failure is worth another attempt.
	 * @param failure the failure
	 * @return {@code true} if retryable
	 */
	public boolean isRetryable(Throwable failure) {
		return this.failures.retryOn().test(failure);
	}

	/**
	 * Tells whether a thrown failure counts against the circuit breaker; one that does not counts
	 * as a success, and is not retried.
	 * @param failure the failure
	 * @return {@code true} if it is recorded as a failure
	 */
	public boolean isRecorded(Throwable failure) {
		return this.failures.recordOn().test(failure);
	}

	/**
	 * Tells whether a thrown failure is left out of the circuit breaker altogether, neither
	 * success nor failure, and not retried: a business outcome such as a declined card.
	 * @param failure the failure
	 * @return {@code true} if it is ignored
	 */
	public boolean isIgnored(Throwable failure) {
		return this.failures.ignoreOn().test(failure);
	}

	/**
	 * Returns the HTTP statuses worth another attempt.
	 * @return the statuses
	 */
	public Set<Integer> retryStatuses() {
		return this.retryStatuses;
	}

	/**
	 * Returns the share of calls that may be retried.
	 * @return the ratio, 0 or more
	 */
	public double retryBudget() {
		return this.retryBudget;
	}

	/**
	 * Returns the retries allowed per second whatever the number of calls.
	 * @return 0 or more
	 */
	public int minRetriesPerSecond() {
		return this.minRetriesPerSecond;
	}

	/**
	 * Tells whether calls go through a circuit breaker.
	 * @return {@code true} if they do
	 */
	public boolean breakerEnabled() {
		return this.breakerEnabled;
	}

	/**
	 * Returns the failure rate, in percent of the window, at which the breaker opens.
	 * @return 1 to 100
	 */
	public float failureRateThreshold() {
		return this.failureRateThreshold;
	}

	/**
	 * Returns the rate of slow calls, in percent of the window, at which the breaker opens.
	 * @return 1 to 100
	 */
	public float slowCallRateThreshold() {
		return this.slowCallRateThreshold;
	}

	/**
	 * Returns how long an attempt may take before it counts as slow.
	 * @return the duration
	 */
	public Duration slowCallDuration() {
		return this.slowCallDuration;
	}

	/**
	 * Returns how long the breaker stays open before it lets probes through.
	 * @return the duration
	 */
	public Duration openFor() {
		return this.openFor;
	}

	/**
	 * Returns the probe calls let through a half-open breaker.
	 * @return at least 1
	 */
	public int halfOpenCalls() {
		return this.halfOpenCalls;
	}

	/**
	 * Returns the number of recent calls the breaker's rates are computed over.
	 * @return at least 1
	 */
	public int breakerWindow() {
		return this.breakerWindow;
	}

	/**
	 * Returns the calls the breaker needs in its window before it computes rates at all.
	 * @return at least 1
	 */
	public int minimumCalls() {
		return this.minimumCalls;
	}

	/**
	 * Returns the most calls in flight at once; 0 for no limit.
	 * @return 0 or more
	 */
	public int maxConcurrentCalls() {
		return this.maxConcurrentCalls;
	}

	@Override
	public String toString() {
		return "ResilienceConfig[timeout=" + this.timeout + ", totalTimeout=" + this.totalTimeout + ", maxAttempts=" + this.maxAttempts + ", backoff="
				+ this.initialBackoff + ".." + this.maxBackoff + ", retryStatuses=" + this.retryStatuses
				+ ", retryBudget=" + this.retryBudget + "+" + this.minRetriesPerSecond + "/s, breaker="
				+ (this.breakerEnabled ? this.failureRateThreshold + "%/" + this.breakerWindow + " open " + this.openFor
						: "off")
				+ ", maxConcurrentCalls=" + this.maxConcurrentCalls + "]";
	}

	/**
	 * Builds a {@link ResilienceConfig}.
	 */
	public static final class Builder {

		private @Nullable Duration timeout;

		private int maxAttempts = 3;

		private Duration initialBackoff = Duration.ofMillis(100);

		private Duration maxBackoff = Duration.ofSeconds(2);

		private @Nullable Duration totalTimeout = Duration.ofSeconds(30);

		private ThrownFailures failures = ThrownFailures.DEFAULTS;

		private Set<Integer> retryStatuses = Set.of(429, 502, 503, 504);

		private double retryBudget = 0.1;

		private int minRetriesPerSecond = 2;

		private boolean breakerEnabled = true;

		private float failureRateThreshold = 50;

		private float slowCallRateThreshold = 100;

		private Duration slowCallDuration = Duration.ofSeconds(5);

		private Duration openFor = Duration.ofSeconds(30);

		private int halfOpenCalls = 3;

		private int breakerWindow = 20;

		private int minimumCalls = 10;

		private int maxConcurrentCalls;

		private Builder() {
		}

		private Builder(ResilienceConfig prototype) {
			this.timeout = prototype.timeout;
			this.maxAttempts = prototype.maxAttempts;
			this.initialBackoff = prototype.initialBackoff;
			this.maxBackoff = prototype.maxBackoff;
			this.totalTimeout = prototype.totalTimeout;
			this.failures = prototype.failures;
			this.retryStatuses = prototype.retryStatuses;
			this.retryBudget = prototype.retryBudget;
			this.minRetriesPerSecond = prototype.minRetriesPerSecond;
			this.breakerEnabled = prototype.breakerEnabled;
			this.failureRateThreshold = prototype.failureRateThreshold;
			this.slowCallRateThreshold = prototype.slowCallRateThreshold;
			this.slowCallDuration = prototype.slowCallDuration;
			this.openFor = prototype.openFor;
			this.halfOpenCalls = prototype.halfOpenCalls;
			this.breakerWindow = prototype.breakerWindow;
			this.minimumCalls = prototype.minimumCalls;
			this.maxConcurrentCalls = prototype.maxConcurrentCalls;
		}

		/**
		 * Sets how long one attempt may take. {@link ResiliencePolicy#call(java.util.concurrent.Callable)}
		 * enforces it by running each attempt on another thread.
		 * @param timeout a positive timeout, or {@code null} for none
		 * @return this builder
		 * @throws IllegalArgumentException if the timeout is not positive
		 */
		public Builder timeout(@Nullable Duration timeout) {
			if (timeout != null) {
				Checks.positive("timeout", timeout);
			}
			this.timeout = timeout;
			return this;
		}

		/**
		 * Sets how long one call may take, attempts and waits included. No attempt starts once
		 * it has passed, nor a retry that cannot end within it (see
		 * {@link ResiliencePolicy#call(java.util.concurrent.Callable, OutcomeClassifier, Duration)});
		 * a timed attempt gets at most the time left.
		 * @param totalTimeout a positive timeout, or {@code null} for none
		 * @return this builder
		 * @throws IllegalArgumentException if the timeout is not positive
		 */
		public Builder totalTimeout(@Nullable Duration totalTimeout) {
			if (totalTimeout != null) {
				Checks.positive("totalTimeout", totalTimeout);
			}
			this.totalTimeout = totalTimeout;
			return this;
		}

		/**
		 * Sets the most attempts per call, the first included; 1 turns retries off.
		 * @param maxAttempts 1 to 10
		 * @return this builder
		 * @throws IllegalArgumentException if out of range
		 */
		public Builder maxAttempts(int maxAttempts) {
			if (maxAttempts < 1 || maxAttempts > 10) {
				throw new IllegalArgumentException("maxAttempts must be between 1 and 10, but was " + maxAttempts);
			}
			this.maxAttempts = maxAttempts;
			return this;
		}

		/**
		 * Sets the backoff: the wait before retry {@code n} is drawn uniformly from zero to
		 * {@code min(max, initial × 2^(n-1))} ("full jitter").
		 * @param initial the ceiling of the first wait, positive
		 * @param max the cap, at least {@code initial}; also the longest {@code Retry-After}
		 * honoured
		 * @return this builder
		 * @throws IllegalArgumentException if a value is not positive or max is below initial
		 */
		public Builder backoff(Duration initial, Duration max) {
			Checks.positive("initialBackoff", initial);
			Checks.positive("maxBackoff", max);
			if (max.compareTo(initial) < 0) {
				throw new IllegalArgumentException(
						"maxBackoff " + max + " must not be shorter than initialBackoff " + initial);
			}
			this.initialBackoff = initial;
			this.maxBackoff = max;
			return this;
		}

		/**
		 * Sets which thrown failures are retryable, replacing the default (I/O errors and
		 * timeouts).
		 * @param retryOn the test
		 * @return this builder
		 */
		public Builder retryOn(Predicate<Throwable> retryOn) {
			this.failures = this.failures.withRetryOn(retryOn);
			return this;
		}

		/**
		 * Sets which thrown failures count against the breaker, replacing the default (all). A
		 * failure this rejects counts as a success and is not retried; it is still thrown.
		 * Resilience4j calls this {@code recordException}.
		 * @param recordOn the test
		 * @return this builder
		 */
		public Builder recordException(Predicate<Throwable> recordOn) {
			this.failures = this.failures.withRecordOn(recordOn);
			return this;
		}

		/**
		 * Sets which thrown failures the breaker leaves out altogether, replacing the default
		 * (none): neither a success nor a failure, never retried, thrown as they are. For
		 * business outcomes (a declined card) that say nothing of the callee's health.
		 * Resilience4j calls this {@code ignoreException}.
		 * @param ignoreOn the test
		 * @return this builder
		 */
		public Builder ignoreException(Predicate<Throwable> ignoreOn) {
			this.failures = this.failures.withIgnoreOn(ignoreOn);
			return this;
		}

		/**
		 * Ignores failures of these types and their subtypes (see
		 * {@link #ignoreException(Predicate)}), replacing the test set before.
		 * @param types the exception types
		 * @return this builder
		 */
		public Builder ignoreExceptions(List<Class<? extends Throwable>> types) {
			return ignoreException(ThrownFailures.ofTypes(types));
		}

		/**
		 * Sets the HTTP statuses worth another attempt.
		 * @param statuses statuses from 400 to 599
		 * @return this builder
		 * @throws IllegalArgumentException if a status is out of range
		 */
		public Builder retryStatuses(Set<Integer> statuses) {
			for (int status : statuses) {
				if (status < 400 || status > 599) {
					throw new IllegalArgumentException("retryStatuses must be 400 to 599, but held " + status);
				}
			}
			this.retryStatuses = Set.copyOf(statuses);
			return this;
		}

		/**
		 * Sets the retry budget.
		 * @param ratio the share of calls that may be retried, 0 or more; {@code 0.1} lets a
		 * failing callee see at most 1.1 times its usual load
		 * @param minPerSecond the retries allowed per second whatever the number of calls
		 * @return this builder
		 * @throws IllegalArgumentException if a value is negative
		 */
		public Builder retryBudget(double ratio, int minPerSecond) {
			if (!(ratio >= 0) || Double.isInfinite(ratio)) {
				throw new IllegalArgumentException("retryBudget must be 0 or more, but was " + ratio);
			}
			if (minPerSecond < 0) {
				throw new IllegalArgumentException("minRetriesPerSecond must be 0 or more, but was " + minPerSecond);
			}
			this.retryBudget = ratio;
			this.minRetriesPerSecond = minPerSecond;
			return this;
		}

		/**
		 * Sets whether calls go through a circuit breaker.
		 * @param enabled {@code false} for no breaker
		 * @return this builder
		 */
		public Builder breakerEnabled(boolean enabled) {
			this.breakerEnabled = enabled;
			return this;
		}

		/**
		 * Sets when the breaker opens.
		 * @param failureRate percent of failed calls in the window, 1 to 100
		 * @param window the number of recent calls rates are computed over, at least 1
		 * @param minimumCalls the calls needed in the window before rates count, 1 to window
		 * @return this builder
		 * @throws IllegalArgumentException if a value is out of range
		 */
		public Builder openWhen(float failureRate, int window, int minimumCalls) {
			Checks.percent("failureRateThreshold", failureRate);
			if (window < 1) {
				throw new IllegalArgumentException("breakerWindow must be at least 1, but was " + window);
			}
			if (minimumCalls < 1 || minimumCalls > window) {
				throw new IllegalArgumentException(
						"minimumCalls must be between 1 and the window (" + window + "), but was " + minimumCalls);
			}
			this.failureRateThreshold = failureRate;
			this.breakerWindow = window;
			this.minimumCalls = minimumCalls;
			return this;
		}

		/**
		 * Sets when slow calls open the breaker.
		 * @param rate percent of slow calls in the window, 1 to 100
		 * @param duration how long an attempt may take before it is slow, positive
		 * @return this builder
		 * @throws IllegalArgumentException if a value is out of range
		 */
		public Builder slowCalls(float rate, Duration duration) {
			Checks.percent("slowCallRateThreshold", rate);
			Checks.positive("slowCallDuration", duration);
			this.slowCallRateThreshold = rate;
			this.slowCallDuration = duration;
			return this;
		}

		/**
		 * Sets how long the breaker stays open and how many probes it then lets through.
		 * @param openFor a positive duration
		 * @param halfOpenCalls at least 1
		 * @return this builder
		 * @throws IllegalArgumentException if a value is out of range
		 */
		public Builder openFor(Duration openFor, int halfOpenCalls) {
			Checks.positive("openFor", openFor);
			if (halfOpenCalls < 1) {
				throw new IllegalArgumentException("halfOpenCalls must be at least 1, but was " + halfOpenCalls);
			}
			this.openFor = openFor;
			this.halfOpenCalls = halfOpenCalls;
			return this;
		}

		/**
		 * Sets the most calls in flight at once (a bulkhead); a call beyond it fails at once.
		 * @param maxConcurrentCalls 0 for no limit, or the limit
		 * @return this builder
		 * @throws IllegalArgumentException if negative
		 */
		public Builder maxConcurrentCalls(int maxConcurrentCalls) {
			if (maxConcurrentCalls < 0) {
				throw new IllegalArgumentException("maxConcurrentCalls must be 0 or more, but was " + maxConcurrentCalls);
			}
			this.maxConcurrentCalls = maxConcurrentCalls;
			return this;
		}

		/**
		 * Builds the configuration.
		 * @return the configuration
		 */
		public ResilienceConfig build() {
			return new ResilienceConfig(this);
		}

	}

}
