package dev.hardening.resilience;

import java.time.Duration;
import java.util.Map;

import dev.hardening.error.ErrorCode;
import dev.hardening.error.UnavailableException;

/**
 * A call was not made because the policy's circuit breaker is open: the callee failed too often
 * lately. Answered as a {@code 503} problem {@code CIRCUIT_OPEN} with {@code Retry-After}.
 */
public class CircuitOpenException extends UnavailableException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param policy the policy whose breaker is open
	 * @param retryAfter how long the breaker stays open at most
	 */
	public CircuitOpenException(String policy, Duration retryAfter) {
		super(ErrorCode.CIRCUIT_OPEN, "Calls to '" + policy + "' are paused after repeated failures.",
				Map.of("policy", policy), retryAfter, null);
	}

}
