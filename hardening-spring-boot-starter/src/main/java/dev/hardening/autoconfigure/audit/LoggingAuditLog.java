package dev.hardening.autoconfigure.audit;

import java.util.Map;

import dev.hardening.audit.AuditChain;
import dev.hardening.audit.AuditEvent;
import dev.hardening.audit.AuditLog;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes each event as one INFO event on the {@value #LOGGER} logger, its fields as key-value
 * pairs (the {@code audit.*} members of a structured log line). With a chain key, each event
 * carries {@code audit.seq}, its number since this process started, and {@code audit.link}, its
 * link in this process's chain: a line removed or edited in the log's store breaks the chain
 * from there, which {@code AuditChain} recomputes from the lines.
 */
final class LoggingAuditLog implements AuditLog {

	/** The logger audit events are written on. */
	static final String LOGGER = "hardening.audit";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	private final @Nullable AuditChain chain;

	private long sequence;

	private String previous = AuditChain.GENESIS;

	LoggingAuditLog(@Nullable AuditChain chain) {
		this.chain = chain;
	}

	@Override
	public void record(AuditEvent event) {
		if (this.chain == null) {
			write(event, null);
			return;
		}
		// a chain is one sequence: its links are made, and its lines written, one at a time
		synchronized (this) {
			this.previous = this.chain.link(this.previous, event);
			write(event, this.previous);
		}
	}

	private void write(AuditEvent event, @Nullable String link) {
		LoggingEventBuilder line = logger.atInfo()
			.addKeyValue("audit.action", event.action())
			.addKeyValue("audit.resource.type", event.resourceType())
			.addKeyValue("audit.outcome", event.outcome().label());
		line = optional(line, "audit.resource.id", event.resourceId());
		line = optional(line, "audit.failure.code", event.failureCode());
		line = optional(line, "audit.principal", event.principal());
		line = optional(line, "audit.client.address", event.clientAddress());
		line = optional(line, "audit.user_agent", event.userAgent());
		line = optional(line, "audit.request_id", event.requestId());
		line = optional(line, "audit.trace_id", event.traceId());
		for (Map.Entry<String, String> detail : event.details().entrySet()) {
			line = line.addKeyValue("audit.details." + detail.getKey(), detail.getValue());
		}
		line = line.addKeyValue("audit.time", event.time().toString());
		if (link != null) {
			line = line.addKeyValue("audit.seq", ++this.sequence).addKeyValue("audit.link", link);
		}
		line.log("audit {} {} {}", event.action(), event.resourceType(), event.outcome().label());
	}

	private static LoggingEventBuilder optional(LoggingEventBuilder line, String key, @Nullable String value) {
		return (value != null) ? line.addKeyValue(key, value) : line;
	}

}
