package dev.hardening.error;

import java.util.Map;

/**
 * The request conflicts with the resource's current state: a {@code 409} problem with code
 * {@code CONFLICT}.
 */
public class ConflictException extends ApiException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param detail what conflicts, shown to the client
	 */
	public ConflictException(String detail) {
		super(ErrorCode.CONFLICT, detail);
	}

	/**
	 * Creates an exception with extension members.
	 * @param detail what conflicts, shown to the client
	 * @param extensions additional problem members, shown to the client
	 */
	public ConflictException(String detail, Map<String, ?> extensions) {
		super(ErrorCode.CONFLICT, detail, extensions);
	}

}
