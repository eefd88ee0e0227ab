package dev.hardening.ratelimit;

/**
 * How a bucket refills.
 */
public enum Refill {

	/**
	 * Continuously: a limit of 60 per minute gives back one token every second. Smooth; the
	 * usual choice.
	 */
	GREEDY,

	/**
	 * All at once at the end of each period, counted from the bucket's first use: a fixed window.
	 * Easier to explain to clients, but allows twice the capacity across a window boundary.
	 */
	INTERVAL

}
