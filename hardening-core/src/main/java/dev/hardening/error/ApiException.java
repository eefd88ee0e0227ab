package dev.hardening.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An error meant for the client: thrown anywhere while handling a request, it becomes an RFC 9457
 * problem with the {@link ErrorCode}'s status and code, this exception's {@linkplain #detail()
 * detail}, and its {@linkplain #extensions() extension members}.
 *
 * <pre>{@code
 * throw new ApiException(PROJECT_ARCHIVED, "Project 42 is archived", Map.of("projectId", 42));
 * }</pre>
 *
 * <p>The detail is shown to clients as written, so it must not hold secrets or internals. The
 * subclasses cover the usual cases: {@link NotFoundException}, {@link ConflictException},
 * {@link ForbiddenException}, {@link ValidationException} and {@link UnavailableException}.
 */
public class ApiException extends RuntimeException {

	/** Members a problem body defines itself, which extensions cannot replace. */
	public static final Set<String> RESERVED_MEMBERS = Set.of("type", "title", "status", "detail", "instance", "code",
			"requestId", "errors");

	private static final long serialVersionUID = 1L;

	private final ErrorCode errorCode;

	private final Map<String, Object> extensions;

	/**
	 * Creates an exception with no extension members.
	 * @param errorCode the error code, which sets the status
	 * @param detail an explanation of this occurrence, shown to the client
	 */
	public ApiException(ErrorCode errorCode, String detail) {
		this(errorCode, detail, Map.of(), null);
	}

	/**
	 * Creates an exception with extension members.
	 * @param errorCode the error code, which sets the status
	 * @param detail an explanation of this occurrence, shown to the client
	 * @param extensions additional problem members, shown to the client; must be serializable as
	 * JSON and must not use a {@linkplain #RESERVED_MEMBERS reserved name}
	 * @throws IllegalArgumentException if an extension uses a reserved name
	 */
	public ApiException(ErrorCode errorCode, String detail, Map<String, ?> extensions) {
		this(errorCode, detail, extensions, null);
	}

	/**
	 * Creates an exception with extension members and a cause. The cause is logged on the server,
	 * never shown to the client.
	 * @param errorCode the error code, which sets the status
	 * @param detail an explanation of this occurrence, shown to the client
	 * @param extensions additional problem members, shown to the client
	 * @param cause the underlying failure, or {@code null}
	 * @throws IllegalArgumentException if an extension uses a reserved name
	 */
	public ApiException(ErrorCode errorCode, String detail, Map<String, ?> extensions, @Nullable Throwable cause) {
		super(Objects.requireNonNull(detail, "detail must not be null"), cause);
		this.errorCode = Objects.requireNonNull(errorCode, "errorCode must not be null");
		this.extensions = copyOf(extensions);
	}

	private static Map<String, Object> copyOf(Map<String, ?> extensions) {
		Objects.requireNonNull(extensions, "extensions must not be null");
		if (extensions.isEmpty()) {
			return Map.of();
		}
		Map<String, Object> copy = new LinkedHashMap<>();
		extensions.forEach((name, value) -> {
			if (RESERVED_MEMBERS.contains(name)) {
				throw new IllegalArgumentException("extension '" + name + "' is reserved; use another name");
			}
			copy.put(name, value);
		});
		return Collections.unmodifiableMap(copy);
	}

	/**
	 * Returns the error code.
	 * @return the error code
	 */
	public ErrorCode errorCode() {
		return this.errorCode;
	}

	/**
	 * Returns the explanation of this occurrence that the client sees.
	 * @return the detail
	 */
	public String detail() {
		String message = getMessage();
		return (message != null) ? message : "";
	}

	/**
	 * Returns the additional problem members, in insertion order.
	 * @return an unmodifiable map, empty when there are none
	 */
	public Map<String, Object> extensions() {
		return this.extensions;
	}

}
