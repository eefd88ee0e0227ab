package dev.hardening.audit;

import java.util.Map;

import dev.hardening.error.ErrorCode;
import dev.hardening.error.UnavailableException;

/**
 * An audited action was refused because its event could not be written and audit fails closed:
 * a {@code 503} problem {@code AUDIT_UNAVAILABLE}, whose detail says nothing of the event.
 */
public class AuditUnavailableException extends UnavailableException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param cause why the event could not be written, logged but not shown
	 */
	public AuditUnavailableException(Throwable cause) {
		super(ErrorCode.AUDIT_UNAVAILABLE, "The action could not be recorded in the audit trail, so it was not done.",
				Map.of(), null, cause);
	}

}
