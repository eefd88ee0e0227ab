package dev.hardening.autoconfigure.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The events the access log writes while a test listens, found by request ID.
 */
final class AccessLogEvents {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	void listen() {
		this.appender.start();
		logger().addAppender(this.appender);
	}

	void stop() {
		logger().detachAppender(this.appender);
	}

	List<ILoggingEvent> all() {
		return List.copyOf(this.appender.list);
	}

	List<ILoggingEvent> of(String requestId) {
		return this.appender.list.stream()
			.filter((event) -> requestId.equals(event.getMDCPropertyMap().get("requestId")))
			.toList();
	}

	static Map<String, Object> fields(ILoggingEvent event) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (KeyValuePair pair : event.getKeyValuePairs()) {
			fields.put(pair.key, pair.value);
		}
		return fields;
	}

	private static Logger logger() {
		return (Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER);
	}

}
