package dev.hardening.error;

import java.util.Map;

/**
 * The caller may not do this: a {@code 403} problem with code {@code FORBIDDEN}.
 */
public class ForbiddenException extends ApiException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param detail what is not allowed, shown to the client
	 */
	public ForbiddenException(String detail) {
		super(ErrorCode.FORBIDDEN, detail);
	}

	/**
	 * Creates an exception with extension members.
	 * @param detail what is not allowed, shown to the client
	 * @param extensions additional problem members, shown to the client
	 */
	public ForbiddenException(String detail, Map<String, ?> extensions) {
		super(ErrorCode.FORBIDDEN, detail, extensions);
	}

}
