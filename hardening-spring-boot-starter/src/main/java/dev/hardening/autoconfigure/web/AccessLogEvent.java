package dev.hardening.autoconfigure.web;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

import dev.hardening.autoconfigure.logging.KeyValues;
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
 * without the builder around it. The event is its own list of key-value pairs, its fields in a
 * fixed order: a {@link KeyValuePair} is made only when a reader asks for one, and
 * {@link dev.hardening.autoconfigure.logging.EcsStructuredLogFormatter} asks for none, as the
 * event is also {@link KeyValues}. Pairs that never change (the usual methods, the statuses, the
 * rate-limit outcomes) are made once. A logger that is not {@code LoggingEventAware} gets the same
 * pairs and message through the fluent API. The filter fills the event and logs it; it is not
 * changed after.
 */
final class AccessLogEvent extends AbstractList<KeyValuePair> implements LoggingEvent, KeyValues, RandomAccess {

	static final String METHOD = "http.request.method";

	static final String PATH = "url.path";

	static final String STATUS = "http.response.status_code";

	static final String DURATION = "event.duration_ms";

	static final String BYTES = "http.response.body.bytes";

	static final String CLIENT = "client.address";

	static final String ROUTE = "http.route";

	static final String QUERY = "url.query";

	static final String CODE = "error.code";

	static final String RATE_LIMIT = "rate_limit.outcome";

	static final String REQUEST_BODY = "http.request.body.content";

	static final String RESPONSE_BODY = "http.response.body.content";

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
			STATUSES[status] = new KeyValuePair(STATUS, status);
		}
	}

	private static final KeyValuePair RATE_LIMIT_ALLOWED = new KeyValuePair(RATE_LIMIT, "allowed");

	private static final KeyValuePair RATE_LIMIT_REJECTED = new KeyValuePair(RATE_LIMIT, "rejected");

	/** The pairs, in order: the first six always there, then the headers between the query and the code. */
	private static final int ROUTE_SLOT = 6;

	private static final int QUERY_SLOT = 7;

	private static final int HEADER_SLOTS = 8;

	private final String loggerName;

	private final Level level;

	private final String method;

	private final String path;

	private final int status;

	private final long millis;

	private final long bytes;

	private final String client;

	private @Nullable String route;

	private @Nullable String query;

	/** The keys of the logged request headers, shared by all events of a filter. */
	private final String[] headerKeys;

	private @Nullable String @Nullable [] headerValues;

	private @Nullable String code;

	private @Nullable KeyValuePair rateLimit;

	private @Nullable String requestBody;

	private @Nullable String responseBody;

	private int size = 6;

	private String message = "";

	/**
	 * Creates an event with the pairs every request has.
	 * @param loggerName the logger's name
	 * @param level the level
	 * @param headerKeys the keys of the request headers that may be logged, in order
	 * @param method the method, as logged
	 * @param path the path, as logged
	 * @param status the status
	 * @param millis the duration in milliseconds
	 * @param bytes the bytes of the response body
	 * @param client the client address, as logged
	 */
	AccessLogEvent(String loggerName, Level level, String[] headerKeys, String method, String path, int status,
			long millis, long bytes, String client) {
		this.loggerName = loggerName;
		this.level = level;
		this.headerKeys = headerKeys;
		this.method = method;
		this.path = path;
		this.status = status;
		this.millis = millis;
		this.bytes = bytes;
		this.client = client;
	}

	/**
	 * Sets the matched route.
	 * @param route the route, as logged
	 */
	void route(String route) {
		this.size += (this.route == null) ? 1 : 0;
		this.route = route;
	}

	/**
	 * Sets the query.
	 * @param query the query, redacted, as logged
	 */
	void query(String query) {
		this.size += (this.query == null) ? 1 : 0;
		this.query = query;
	}

	/**
	 * Sets a request header's value.
	 * @param index the header's index in the keys
	 * @param value the value, as logged
	 */
	void header(int index, String value) {
		@Nullable String[] values = this.headerValues;
		if (values == null) {
			values = new String[this.headerKeys.length];
			this.headerValues = values;
		}
		this.size += (values[index] == null) ? 1 : 0;
		values[index] = value;
	}

	/**
	 * Sets the problem code.
	 * @param code the code
	 */
	void code(String code) {
		this.size += (this.code == null) ? 1 : 0;
		this.code = code;
	}

	/**
	 * Sets the rate limit's outcome.
	 * @param rejected whether the request was turned away
	 */
	void rateLimit(boolean rejected) {
		this.size += (this.rateLimit == null) ? 1 : 0;
		this.rateLimit = rejected ? RATE_LIMIT_REJECTED : RATE_LIMIT_ALLOWED;
	}

	/**
	 * Sets what is logged of the request body.
	 * @param content the content
	 */
	void requestBody(String content) {
		this.size += (this.requestBody == null) ? 1 : 0;
		this.requestBody = content;
	}

	/**
	 * Sets what is logged of the response body.
	 * @param content the content
	 */
	void responseBody(String content) {
		this.size += (this.responseBody == null) ? 1 : 0;
		this.responseBody = content;
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
		for (KeyValuePair pair : this) {
			builder.addKeyValue(pair.key, pair.value);
		}
		builder.log(message);
	}

	@Override
	public boolean visit(Visitor visitor) {
		if (!(visitor.string(METHOD, this.method) && visitor.string(PATH, this.path)
				&& visitor.number(STATUS, this.status) && visitor.number(DURATION, this.millis)
				&& visitor.number(BYTES, this.bytes) && visitor.string(CLIENT, this.client))) {
			return false;
		}
		if (this.route != null && !visitor.string(ROUTE, this.route)) {
			return false;
		}
		if (this.query != null && !visitor.string(QUERY, this.query)) {
			return false;
		}
		@Nullable String[] values = this.headerValues;
		if (values != null) {
			for (int i = 0; i < values.length; i++) {
				String value = values[i];
				if (value != null && !visitor.string(this.headerKeys[i], value)) {
					return false;
				}
			}
		}
		KeyValuePair rateLimit = this.rateLimit;
		return (this.code == null || visitor.string(CODE, this.code))
				&& (rateLimit == null || visitor.string(rateLimit.key, (String) rateLimit.value))
				&& (this.requestBody == null || visitor.string(REQUEST_BODY, this.requestBody))
				&& (this.responseBody == null || visitor.string(RESPONSE_BODY, this.responseBody));
	}

	@Override
	public KeyValuePair get(int index) {
		Objects.checkIndex(index, this.size);
		int left = index;
		for (int slot = 0;; slot++) {
			if (has(slot) && left-- == 0) {
				return pair(slot);
			}
		}
	}

	@Override
	public int size() {
		return this.size;
	}

	private boolean has(int slot) {
		if (slot < ROUTE_SLOT) {
			return true;
		}
		if (slot == ROUTE_SLOT) {
			return this.route != null;
		}
		if (slot == QUERY_SLOT) {
			return this.query != null;
		}
		int header = slot - HEADER_SLOTS;
		if (header < this.headerKeys.length) {
			return this.headerValues != null && this.headerValues[header] != null;
		}
		return switch (header - this.headerKeys.length) {
			case 0 -> this.code != null;
			case 1 -> this.rateLimit != null;
			case 2 -> this.requestBody != null;
			default -> this.responseBody != null;
		};
	}

	private KeyValuePair pair(int slot) {
		return switch (slot) {
			case 0 -> methodPair();
			case 1 -> new KeyValuePair(PATH, this.path);
			case 2 -> (this.status >= 0 && this.status < STATUSES.length) ? STATUSES[this.status]
					: new KeyValuePair(STATUS, this.status);
			case 3 -> new KeyValuePair(DURATION, this.millis);
			case 4 -> new KeyValuePair(BYTES, this.bytes);
			case 5 -> new KeyValuePair(CLIENT, this.client);
			case ROUTE_SLOT -> new KeyValuePair(ROUTE, this.route);
			case QUERY_SLOT -> new KeyValuePair(QUERY, this.query);
			default -> tailPair(slot - HEADER_SLOTS);
		};
	}

	private KeyValuePair tailPair(int header) {
		if (header < this.headerKeys.length) {
			return new KeyValuePair(this.headerKeys[header], this.headerValues[header]);
		}
		return switch (header - this.headerKeys.length) {
			case 0 -> new KeyValuePair(CODE, this.code);
			case 1 -> this.rateLimit;
			case 2 -> new KeyValuePair(REQUEST_BODY, this.requestBody);
			default -> new KeyValuePair(RESPONSE_BODY, this.responseBody);
		};
	}

	private KeyValuePair methodPair() {
		return switch (this.method) {
			case "GET" -> GET;
			case "HEAD" -> HEAD;
			case "POST" -> POST;
			case "PUT" -> PUT;
			case "PATCH" -> PATCH;
			case "DELETE" -> DELETE;
			case "OPTIONS" -> OPTIONS;
			default -> new KeyValuePair(METHOD, this.method);
		};
	}

	private static KeyValuePair methodPair(String method) {
		return new KeyValuePair(METHOD, method);
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

	/** The event itself. */
	@Override
	public List<KeyValuePair> getKeyValuePairs() {
		return this;
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
