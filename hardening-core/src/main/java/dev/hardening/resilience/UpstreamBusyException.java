package dev.hardening.resilience;

import java.util.Map;

import dev.hardening.error.ErrorCode;
import dev.hardening.error.UnavailableException;

/**
 * A call was not made because the policy's bulkhead is full: as many calls as it allows are in
 * flight. Answered as a {@code 503} problem {@code UPSTREAM_BUSY}.
 */
public class UpstreamBusyException extends UnavailableException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param policy the policy whose bulkhead is full
	 */
	public UpstreamBusyException(String policy) {
		super(ErrorCode.UPSTREAM_BUSY, "Too many calls to '" + policy + "' are in flight.", Map.of("policy", policy),
				null, null);
	}

}
