package dev.hardening.audit;

/**
 * An audit event could not be kept. Its message never holds the event's values.
 */
public class AuditWriteException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what failed
	 * @param cause why
	 */
	public AuditWriteException(String message, Throwable cause) {
		super(message, cause);
	}

}
