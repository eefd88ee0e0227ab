package dev.hardening.autoconfigure.web;

/**
 * How much of one request's body may still be read: counted where the bytes are read (by
 * {@link BodyLimitValve} under Tomcat, else by {@link RequestLimitFilter}'s request wrapper), and
 * asked by everything that must tell a body cut at its limit from one that ended.
 */
final class BodyBudget {

	/** The request attribute under which the valve leaves the budget for the filter. */
	static final String ATTRIBUTE = BodyBudget.class.getName();

	private final long limit;

	private long read;

	private volatile boolean over;

	BodyBudget(long limit) {
		this.limit = limit;
	}

	/**
	 * Counts bytes just read.
	 * @param n how many
	 * @return {@code true} if the body is still within its limit
	 */
	boolean spend(int n) {
		this.read += n;
		if (this.read > this.limit) {
			this.over = true;
		}
		return !this.over;
	}

	/**
	 * Tells whether the body passed its limit.
	 * @return {@code true} once more than the limit was read
	 */
	boolean over() {
		return this.over;
	}

	long limit() {
		return this.limit;
	}

}
