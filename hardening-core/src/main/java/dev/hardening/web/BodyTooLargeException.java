package dev.hardening.web;

import java.io.IOException;

/**
 * Thrown while a request body is read once it passes its limit: an {@link IOException}, so that
 * whatever reads the body (a JSON parser, a multipart parser) stops as it would on a broken
 * connection, and the error handling can still tell it apart and answer {@code 413}.
 */
public class BodyTooLargeException extends IOException {

	private static final long serialVersionUID = 1L;

	private final long limit;

	/**
	 * Creates an exception.
	 * @param limit the limit in bytes
	 */
	public BodyTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes");
		this.limit = limit;
	}

	/**
	 * Returns the limit that was passed.
	 * @return the limit in bytes
	 */
	public long limit() {
		return this.limit;
	}

}
