/**
 * Audit trail: who did what to which resource, when, from where, and how it ended, kept with
 * tamper evidence. Each stored {@link dev.hardening.audit.AuditEvent} carries an HMAC over its
 * content and the previous event's HMAC ({@link dev.hardening.audit.AuditChain}), so that editing,
 * deleting or reordering stored events is found by walking the chain
 * ({@link dev.hardening.audit.JdbcAuditLog#verify()}).
 */
@NullMarked
package dev.hardening.audit;

import org.jspecify.annotations.NullMarked;
