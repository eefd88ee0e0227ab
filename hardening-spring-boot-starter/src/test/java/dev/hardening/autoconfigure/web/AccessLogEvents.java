package dev.hardening.autoconfigure.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The events the access log writes while a test listens, found by request ID. Registered as a
 * test class's extension ({@code @RegisterExtension}), it listens during each test; or a test
 * calls {@link #listen()} and {@link #stop()} itself.
 */
final class AccessLogEvents implements BeforeEachCallback, AfterEachCallback {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	void listen() {
		// appended to on the container's threads, read on the test's
		this.appender.list = Collections.synchronizedList(new ArrayList<>());
		this.appender.start();
		logger().addAppender(this.appender);
	}

	void stop() {
		logger().detachAppender(this.appender);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		listen();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		stop();
	}

	List<ILoggingEvent> all() {
		synchronized (this.appender.list) {
			return List.copyOf(this.appender.list);
		}
	}

	List<ILoggingEvent> of(String requestId) {
		return all().stream()
			.filter((event) -> requestId.equals(event.getMDCPropertyMap().get("requestId")))
			.toList();
	}

	/**
	 * The events of a request, once there is one: a line is written when the request is over,
	 * which the client may see first (an answer written on an async dispatch commits before the
	 * filters around it return).
	 */
	List<ILoggingEvent> awaitOf(String requestId) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !of(requestId).isEmpty());
		return of(requestId);
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
