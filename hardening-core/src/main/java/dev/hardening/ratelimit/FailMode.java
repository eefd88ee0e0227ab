package dev.hardening.ratelimit;

/**
 * What a rate limiter does while its backend (Redis) is failing.
 */
public enum FailMode {

	/** Allow every call, and count it: availability over protection. */
	OPEN,

	/** Reject every call with {@code 503}: protection over availability. */
	CLOSED,

	/**
	 * Decide with a local limiter on each instance: protection stays, but each instance allows
	 * the whole budget, so N instances allow N times it.
	 */
	LOCAL

}
