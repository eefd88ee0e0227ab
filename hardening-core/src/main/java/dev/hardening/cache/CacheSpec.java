package dev.hardening.cache;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How one cache behaves: how long entries live in each tier, how many the process keeps, whether
 * {@code null} results are cached, and how much TTLs are spread.
 *
 * <pre>{@code
 * CacheSpec spec = CacheSpec.builder(Duration.ofMinutes(5)).l1Ttl(Duration.ofSeconds(30)).maxSize(5000).build();
 * }</pre>
 */
public final class CacheSpec {

	private final Duration ttl;

	private final Duration l1Ttl;

	private final long maxSize;

	private final @Nullable Duration nullTtl;

	private final double jitter;

	private final @Nullable Duration refreshAfter;

	private CacheSpec(Builder builder) {
		this.ttl = builder.ttl;
		this.l1Ttl = (builder.l1Ttl != null) ? builder.l1Ttl : builder.ttl;
		this.maxSize = builder.maxSize;
		this.nullTtl = builder.nullTtl;
		this.jitter = builder.jitter;
		this.refreshAfter = builder.refreshAfter;
	}

	/**
	 * Starts a spec.
	 * @param ttl how long an entry lives, in Redis and, unless set apart, in the process
	 * @return a builder
	 */
	public static Builder builder(Duration ttl) {
		return new Builder(ttl);
	}

	/**
	 * Returns how long an entry lives in the shared tier.
	 * @return the TTL
	 */
	public Duration ttl() {
		return this.ttl;
	}

	/**
	 * Returns how long an entry lives in the process: the most a reader can see a value another
	 * instance has since replaced, should the invalidation message be lost.
	 * @return the L1 TTL, at most {@link #ttl()}
	 */
	public Duration l1Ttl() {
		return this.l1Ttl;
	}

	/**
	 * Returns how many entries the process keeps for this cache.
	 * @return the maximum size
	 */
	public long maxSize() {
		return this.maxSize;
	}

	/**
	 * Returns how long a {@code null} result is cached.
	 * @return the TTL of null results, or {@code null} when they are not cached
	 */
	public @Nullable Duration nullTtl() {
		return this.nullTtl;
	}

	/**
	 * Returns how much TTLs are shortened at random, as a fraction: with 0.1, an entry lives
	 * between 90% and 100% of its TTL, so entries written together do not expire together.
	 * @return the jitter, 0 to 0.5
	 */
	public double jitter() {
		return this.jitter;
	}

	/**
	 * Returns the age after which a read reloads an entry in the background, serving the current
	 * value meanwhile.
	 * @return the refresh age, or {@code null} for no refresh-ahead
	 */
	public @Nullable Duration refreshAfter() {
		return this.refreshAfter;
	}

	@Override
	public String toString() {
		return "CacheSpec[ttl=" + this.ttl + ", l1Ttl=" + this.l1Ttl + ", maxSize=" + this.maxSize + ", nullTtl="
				+ this.nullTtl + ", jitter=" + this.jitter + ", refreshAfter=" + this.refreshAfter + "]";
	}

	/**
	 * Builds a {@link CacheSpec}, checking each value as it is set.
	 */
	public static final class Builder {

		private final Duration ttl;

		private @Nullable Duration l1Ttl;

		private long maxSize = 10_000;

		private @Nullable Duration nullTtl;

		private double jitter = 0.1;

		private @Nullable Duration refreshAfter;

		private Builder(Duration ttl) {
			this.ttl = positive(ttl, "ttl");
		}

		/**
		 * Sets how long an entry lives in the process; the TTL unless set.
		 * @param l1Ttl a positive duration, at most the TTL
		 * @return this builder
		 */
		public Builder l1Ttl(Duration l1Ttl) {
			positive(l1Ttl, "l1Ttl");
			if (l1Ttl.compareTo(this.ttl) > 0) {
				throw new IllegalArgumentException("l1Ttl " + l1Ttl + " must not be longer than ttl " + this.ttl);
			}
			this.l1Ttl = l1Ttl;
			return this;
		}

		/**
		 * Sets how many entries the process keeps; 10,000 unless set.
		 * @param maxSize at least 1
		 * @return this builder
		 */
		public Builder maxSize(long maxSize) {
			if (maxSize < 1) {
				throw new IllegalArgumentException("maxSize must be at least 1, but was " + maxSize);
			}
			this.maxSize = maxSize;
			return this;
		}

		/**
		 * Caches {@code null} results for the given time; unless set, they are not cached.
		 * @param nullTtl a positive duration, at most the TTL
		 * @return this builder
		 */
		public Builder nullTtl(Duration nullTtl) {
			positive(nullTtl, "nullTtl");
			if (nullTtl.compareTo(this.ttl) > 0) {
				throw new IllegalArgumentException("nullTtl " + nullTtl + " must not be longer than ttl " + this.ttl);
			}
			this.nullTtl = nullTtl;
			return this;
		}

		/**
		 * Sets the fraction by which TTLs are shortened at random; 0.1 unless set.
		 * @param jitter 0 (none) to 0.5
		 * @return this builder
		 */
		public Builder jitter(double jitter) {
			if (!(jitter >= 0 && jitter <= 0.5)) {
				throw new IllegalArgumentException("jitter must be between 0 and 0.5, but was " + jitter);
			}
			this.jitter = jitter;
			return this;
		}

		/**
		 * Reloads an entry in the background once it is this old and read again.
		 * @param refreshAfter a positive duration, shorter than the L1 TTL
		 * @return this builder
		 */
		public Builder refreshAfter(Duration refreshAfter) {
			this.refreshAfter = positive(refreshAfter, "refreshAfter");
			return this;
		}

		/**
		 * Builds the spec.
		 * @return the spec
		 * @throws IllegalArgumentException if refresh-ahead would never happen before expiry
		 */
		public CacheSpec build() {
			Duration l1 = (this.l1Ttl != null) ? this.l1Ttl : this.ttl;
			if (this.refreshAfter != null && this.refreshAfter.compareTo(l1) >= 0) {
				throw new IllegalArgumentException(
						"refreshAfter " + this.refreshAfter + " must be shorter than the L1 TTL " + l1);
			}
			return new CacheSpec(this);
		}

		private static Duration positive(Duration duration, String name) {
			Objects.requireNonNull(duration, name + " must not be null");
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive, but was " + duration);
			}
			return duration;
		}

	}

}
