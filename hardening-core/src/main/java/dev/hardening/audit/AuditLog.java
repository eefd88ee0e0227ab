package dev.hardening.audit;

/**
 * Where audit events go. Implementations link each event to the previous one (see
 * {@link AuditChain}) and throw {@link AuditWriteException} when an event could not be kept.
 */
@FunctionalInterface
public interface AuditLog {

	/**
	 * Records an event.
	 * @param event the event
	 * @throws AuditWriteException if it could not be kept
	 */
	void record(AuditEvent event);

}
