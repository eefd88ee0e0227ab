/**
 * Audit trail: {@code @Audited} methods and {@code AuditLog.record} write tamper-evident events to
 * the log, a JDBC table or Spring Boot's {@code AuditEventRepository}.
 */
@NullMarked
package dev.hardening.autoconfigure.audit;

import org.jspecify.annotations.NullMarked;
