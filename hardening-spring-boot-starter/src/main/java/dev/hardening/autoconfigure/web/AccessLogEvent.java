package dev.hardening.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One access-log event, handed to SLF4J as its fluent API would hand it ({@code LoggingEventAware}),
 * without the builder around it: the key-value pairs go in one list sized for them, and pairs that
 * never change (the usual methods, the statuses, the rate-limit outcomes) are made once. A logger
 * that is not {@code LoggingEventAware} gets the same pairs and message through the fluent API.
 */
final class AccessLogEvent implements LoggingEvent {

	/** The usual methods' pairs, by method. */
	private static final KeyValuePair GET = methodPair("GET");

	private static final KeyValuePair HEAD = methodPair("HEAD");

	private static final KeyValuePair POST = methodPair("POST");

	private static final KeyValuePair PUT = methodPair("PUT");

	private static final KeyValuePair PATCH = methodPair("PATCH");

	private static final KeyValuePair DELETE = methodPair("DELETE");

	private static final KeyValuePair OPTIONS = methodPair("OPTIONS");

	private static final KeyValuePair[] STATUSES = new KeyValuePair[600];

	static {
		for (int status = 0; status < STATUSES.length; status++) {
			STATUSES[status] = new KeyValuePair("http.response.status_code", status);
		}
	}

	static final KeyValuePair RATE_LIMIT_ALLOWED = new KeyValuePair("rate_limit.outcome", "allowed");

	static final KeyValuePair RATE_LIMIT_REJECTED = new KeyValuePair("rate_limit.outcome", "rejected");

	private final String loggerName;

	private final Level level;

	private final List<KeyValuePair> pairs = new ArrayList<>(16);

	private String message = "";

	AccessLogEvent(String loggerName, Level level) {
		this.loggerName = loggerName;
		this.level = level;
	}

	/**
	 * Adds the method's pair.
	 * @param method the method, as logged
	 * @return this event
	 */
	AccessLogEvent method(String method) {
		KeyValuePair pair = switch (method) {
			case "GET" -> GET;
			case "HEAD" -> HEAD;
			case "POST" -> POST;
			case "PUT" -> PUT;
			case "PATCH" -> PATCH;
			case "DELETE" -> DELETE;
			case "OPTIONS" -> OPTIONS;
			default -> null;
		};
		return add((pair != null) ? pair : new KeyValuePair("http.request.method", method));
	}

	/**
	 * Adds the status's pair.
	 * @param status the status
	 * @return this event
	 */
	AccessLogEvent status(int status) {
		return add((status >= 0 && status < STATUSES.length) ? STATUSES[status]
				: new KeyValuePair("http.response.status_code", status));
	}

	/**
	 * Adds a pair.
	 * @param key the key
	 * @param value the value
	 * @return this event
	 */
	AccessLogEvent add(String key, Object value) {
		return add(new KeyValuePair(key, value));
	}

	/**
	 * Adds a pair.
	 * @param pair the pair
	 * @return this event
	 */
	AccessLogEvent add(KeyValuePair pair) {
		this.pairs.add(pair);
		return this;
	}

	/**
	 * Logs the event.
	 * @param logger the logger, enabled for the event's level
	 * @param message the message
	 */
	void log(Logger logger, String message) {
		this.message = message;
		if (logger instanceof LoggingEventAware aware) {
			aware.log(this);
			return;
		}
		LoggingEventBuilder builder = logger.makeLoggingEventBuilder(this.level);
		for (KeyValuePair pair : this.pairs) {
			builder.addKeyValue(pair.key, pair.value);
		}
		builder.log(message);
	}

	private static KeyValuePair methodPair(String method) {
		return new KeyValuePair("http.request.method", method);
	}

	@Override
	public Level getLevel() {
		return this.level;
	}

	@Override
	public String getLoggerName() {
		return this.loggerName;
	}

	@Override
	public String getMessage() {
		return this.message;
	}

	@Override
	public @Nullable List<Object> getArguments() {
		return null;
	}

	@Override
	public Object @Nullable [] getArgumentArray() {
		return null;
	}

	@Override
	public @Nullable List<Marker> getMarkers() {
		return null;
	}

	@Override
	public List<KeyValuePair> getKeyValuePairs() {
		return this.pairs;
	}

	@Override
	public @Nullable Throwable getThrowable() {
		return null;
	}

	/** Left to the backend, which stamps the event as it receives it. */
	@Override
	public long getTimeStamp() {
		return 0;
	}

	/** Left to the backend, which takes the current thread's. */
	@Override
	public @Nullable String getThreadName() {
		return null;
	}

	/** Caller data, for backends that look for it, is the frame that called {@link #log}. */
	@Override
	public String getCallerBoundary() {
		return AccessLogEvent.class.getName();
	}

}
