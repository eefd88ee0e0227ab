package dev.hardening.autoconfigure.idempotency;

import java.util.Locale;

/**
 * Counts guarded requests in {@code hardening.idempotency.requests}, by {@code policy} and
 * {@code outcome}.
 */
interface IdempotencyMetrics {

	/** Counts nothing, for applications without Micrometer. */
	IdempotencyMetrics NONE = (policy, outcome) -> {
	};

	void record(String policy, Outcome outcome);

	/**
	 * What became of a request a policy applies to.
	 */
	enum Outcome {

		/** It ran, and its response was stored for replay. */
		EXECUTED,

		/** It was answered with the stored response of the first request with its key. */
		REPLAYED,

		/** It was refused with 409: the first request with its key was still running. */
		IN_PROGRESS,

		/** It was refused with 422: its key was first used with another request. */
		MISMATCH,

		/** It was refused with 400: its policy requires a key and it sent none. */
		MISSING,

		/** It was refused with 400: its key was malformed. */
		INVALID,

		/** It ran, and its key was released for a retry: a 5xx, an exception, or a sendError. */
		RELEASED,

		/** It ran, and its key was released: the response was over the size stored. */
		TOO_LARGE,

		/** The store failed; the fail mode decided (open: it ran unguarded, closed: 503). */
		STORE_ERROR,

		/** It sent no key and its policy does not require one: it ran unguarded. */
		NO_KEY;

		final String tag = name().toLowerCase(Locale.ROOT);

	}

}
