package dev.hardening.autoconfigure.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.hardening.audit.AuditEvent;
import dev.hardening.audit.AuditLog;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.audit.AuditEventRepository;

/**
 * The repository sink: each event becomes one of Spring Boot's {@code AuditEvent}s, of type the
 * action, in the application's {@link AuditEventRepository} (Boot's own keeps them in memory
 * only), and so in the {@code auditevents} endpoint. No hash chain: the repository decides how
 * events are kept.
 */
final class RepositoryAuditLog implements AuditLog {

	private final ObjectProvider<AuditEventRepository> repository;

	RepositoryAuditLog(ObjectProvider<AuditEventRepository> repository) {
		this.repository = repository;
	}

	@Override
	public void record(AuditEvent event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("resourceType", event.resourceType());
		put(data, "resourceId", event.resourceId());
		data.put("outcome", event.outcome().label());
		put(data, "failureCode", event.failureCode());
		put(data, "clientAddress", event.clientAddress());
		put(data, "userAgent", event.userAgent());
		put(data, "requestId", event.requestId());
		put(data, "traceId", event.traceId());
		data.putAll(event.details());
		this.repository.getObject()
			.add(new org.springframework.boot.actuate.audit.AuditEvent(event.time(),
					(event.principal() != null) ? event.principal() : "anonymous", event.action(), data));
	}

	private static void put(Map<String, Object> data, String key, @org.jspecify.annotations.Nullable String value) {
		if (value != null) {
			data.put(key, value);
		}
	}

}
