package dev.hardening.resilience;

import java.time.Duration;
import java.util.Map;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;

/**
 * An attempt did not finish within the policy's timeout. Retryable; if it ends the call, answered
 * as a {@code 504} problem {@code UPSTREAM_TIMEOUT}.
 */
public class AttemptTimeoutException extends ApiException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param policy the policy whose timeout passed
	 * @param timeout the timeout
	 */
	public AttemptTimeoutException(String policy, Duration timeout) {
		super(ErrorCode.UPSTREAM_TIMEOUT, "A call to '" + policy + "' did not finish within " + timeout.toMillis()
				+ " ms.", Map.of("policy", policy));
	}

}
