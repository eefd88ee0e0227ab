package dev.hardening.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named rate limit: one or more {@link Limit}s that must all allow a call (for example 100 per
 * minute <em>and</em> 1000 per hour), how the buckets refill, and how many tokens one call
 * costs.
 *
 * <pre>{@code
 * RateLimitPolicy apiKey = RateLimitPolicy.builder("api-key")
 *     .limit(100, Duration.ofMinutes(1))
 *     .limit(1000, Duration.ofHours(1))
 *     .build();
 * }</pre>
 */
public final class RateLimitPolicy {

	private static final int MAX_NAME_LENGTH = 64;

	private final String name;

	private final List<Limit> limits;

	private final Refill refill;

	private final long cost;

	private final long smallestCapacity;

	private final Duration longestPeriod;

	private final int hash;

	private RateLimitPolicy(Builder builder) {
		this.name = builder.name;
		this.limits = List.copyOf(builder.limits);
		this.refill = builder.refill;
		this.cost = builder.cost;
		long smallest = Long.MAX_VALUE;
		Duration longest = Duration.ZERO;
		for (Limit limit : this.limits) {
			smallest = Math.min(smallest, limit.capacity());
			longest = (limit.period().compareTo(longest) > 0) ? limit.period() : longest;
		}
		this.smallestCapacity = smallest;
		this.longestPeriod = longest;
		// policies key the limiters' maps on every call: hash once
		this.hash = Objects.hash(this.name, this.limits, this.refill, this.cost);
	}

	/**
	 * Starts a policy.
	 * @param name the policy's name, 1 to 64 ASCII letters, digits, {@code .}, {@code _} and
	 * {@code -}; it names the policy in response headers and Redis keys
	 * @return a builder
	 * @throws IllegalArgumentException if the name is not valid
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/**
	 * Creates a policy of a single limit, refilled greedily, at one token per call.
	 * @param name the policy's name
	 * @param capacity the most calls in a period
	 * @param period the period
	 * @return the policy
	 */
	public static RateLimitPolicy of(String name, long capacity, Duration period) {
		return builder(name).limit(capacity, period).build();
	}

	/**
	 * Returns the name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the limits, all of which must allow a call.
	 * @return at least one limit, in the order given
	 */
	public List<Limit> limits() {
		return this.limits;
	}

	/**
	 * Returns how the buckets refill.
	 * @return the refill style
	 */
	public Refill refill() {
		return this.refill;
	}

	/**
	 * Returns the tokens one call takes.
	 * @return the cost, at least 1
	 */
	public long cost() {
		return this.cost;
	}

	/**
	 * Returns the longest period of the limits: after this long without calls, every bucket of
	 * the policy is full again, so its state can be forgotten.
	 * @return the longest period
	 */
	public Duration longestPeriod() {
		return this.longestPeriod;
	}

	/**
	 * Returns the smallest capacity of the limits: no bucket of the policy can have more tokens
	 * left than this.
	 * @return the smallest capacity
	 */
	public long smallestCapacity() {
		return this.smallestCapacity;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		return (other instanceof RateLimitPolicy policy) && this.hash == policy.hash && this.name.equals(policy.name)
				&& this.limits.equals(policy.limits) && this.refill == policy.refill && this.cost == policy.cost;
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	@Override
	public String toString() {
		return "RateLimitPolicy[" + this.name + ", " + this.limits + ", " + this.refill + ", cost " + this.cost + "]";
	}

	/**
	 * Builds a {@link RateLimitPolicy}, checking each value as it is set.
	 */
	public static final class Builder {

		private final String name;

		private final List<Limit> limits = new ArrayList<>();

		private Refill refill = Refill.GREEDY;

		private long cost = 1;

		private Builder(String name) {
			Objects.requireNonNull(name, "name must not be null");
			if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !name.chars().allMatch(Builder::isNameChar)) {
				throw new IllegalArgumentException("name must be 1 to " + MAX_NAME_LENGTH
						+ " ASCII letters, digits, '.', '_' or '-', but was '" + name + "'");
			}
			this.name = name;
		}

		/**
		 * Adds a limit.
		 * @param capacity the most tokens in a period, at least 1
		 * @param period the period, at least a millisecond
		 * @return this builder
		 */
		public Builder limit(long capacity, Duration period) {
			return limit(Limit.of(capacity, period));
		}

		/**
		 * Adds a limit.
		 * @param limit the limit
		 * @return this builder
		 */
		public Builder limit(Limit limit) {
			this.limits.add(Objects.requireNonNull(limit, "limit must not be null"));
			return this;
		}

		/**
		 * Sets how the buckets refill; {@link Refill#GREEDY} unless set.
		 * @param refill the refill style
		 * @return this builder
		 */
		public Builder refill(Refill refill) {
			this.refill = Objects.requireNonNull(refill, "refill must not be null");
			return this;
		}

		/**
		 * Sets how many tokens one call takes; 1 unless set.
		 * @param cost the cost, at least 1
		 * @return this builder
		 */
		public Builder cost(long cost) {
			if (cost < 1) {
				throw new IllegalArgumentException("cost must be at least 1, but was " + cost);
			}
			this.cost = cost;
			return this;
		}

		/**
		 * Builds the policy.
		 * @return the policy
		 * @throws IllegalArgumentException if there is no limit, or a call would cost more than a
		 * limit's whole capacity and so could never pass
		 */
		public RateLimitPolicy build() {
			if (this.limits.isEmpty()) {
				throw new IllegalArgumentException("policy '" + this.name + "' needs at least one limit");
			}
			for (Limit limit : this.limits) {
				if (this.cost > limit.capacity()) {
					throw new IllegalArgumentException("policy '" + this.name + "' costs " + this.cost
							+ " tokens per call, more than the capacity of " + limit + ": no call could pass");
				}
			}
			return new RateLimitPolicy(this);
		}

		private static boolean isNameChar(int c) {
			return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
					|| c == '-';
		}

	}

}
