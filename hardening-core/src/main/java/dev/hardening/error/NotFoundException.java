package dev.hardening.error;

import java.util.Map;

/**
 * The resource does not exist: a {@code 404} problem with code {@code NOT_FOUND}.
 */
public class NotFoundException extends ApiException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param detail which resource was not found, shown to the client
	 */
	public NotFoundException(String detail) {
		super(ErrorCode.NOT_FOUND, detail);
	}

	/**
	 * Creates an exception with extension members.
	 * @param detail which resource was not found, shown to the client
	 * @param extensions additional problem members, shown to the client
	 */
	public NotFoundException(String detail, Map<String, ?> extensions) {
		super(ErrorCode.NOT_FOUND, detail, extensions);
	}

}
