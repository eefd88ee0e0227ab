package dev.hardening.deadline;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;

/**
 * Thrown by a check of a deadline that has passed; answered with a {@code 504} problem
 * {@code DEADLINE_EXCEEDED}.
 */
public class DeadlineExceededException extends ApiException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param detail what could not be done in time, shown to the client
	 */
	public DeadlineExceededException(String detail) {
		super(ErrorCode.DEADLINE_EXCEEDED, detail);
	}

}
