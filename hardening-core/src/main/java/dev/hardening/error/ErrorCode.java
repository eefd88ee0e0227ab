package dev.hardening.error;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stable, machine-readable error: the {@code code} clients branch on, the HTTP status it
 * answers with, and a short human-readable title.
 *
 * <p>The constants below are the catalogue the library itself uses; a code, once published, is
 * never renamed. Applications add their own with {@link #of(String, int, String)}:
 *
 * <pre>{@code
 * static final ErrorCode PROJECT_ARCHIVED = ErrorCode.of("PROJECT_ARCHIVED", 409, "Project archived");
 * }</pre>
 *
 * @param code the code in UPPER_SNAKE_CASE, for example {@code VALIDATION_FAILED}
 * @param status the HTTP status, 400 to 599
 * @param title a short summary of the problem type, the same for every occurrence
 */
public record ErrorCode(String code, int status, String title) {

	private static final Pattern UPPER_SNAKE = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");

	/** The request is malformed in a way no more specific code describes. */
	public static final ErrorCode BAD_REQUEST = new ErrorCode("BAD_REQUEST", 400, "Bad request");

	/** The request was well-formed but its content broke one or more constraints. */
	public static final ErrorCode VALIDATION_FAILED = new ErrorCode("VALIDATION_FAILED", 400, "Validation failed");

	/** The request body could not be read: malformed JSON, a wrong type, or no body at all. */
	public static final ErrorCode MALFORMED_BODY = new ErrorCode("MALFORMED_BODY", 400, "Malformed request body");

	/** A parameter, path variable, header or cookie could not be converted to the type expected. */
	public static final ErrorCode INVALID_PARAMETER = new ErrorCode("INVALID_PARAMETER", 400, "Invalid parameter");

	/** A required parameter, path variable, header, cookie or multipart part is missing. */
	public static final ErrorCode MISSING_PARAMETER = new ErrorCode("MISSING_PARAMETER", 400, "Missing parameter");

	/** A page number or size that is not a whole number in range, or given twice. */
	public static final ErrorCode INVALID_PAGE = new ErrorCode("INVALID_PAGE", 400, "Invalid page");

	/** A page size above the configured maximum. */
	public static final ErrorCode PAGE_SIZE_TOO_LARGE = new ErrorCode("PAGE_SIZE_TOO_LARGE", 400, "Page size too large");

	/** A cursor that was altered, expired, truncated, or issued for another listing or sort. */
	public static final ErrorCode INVALID_CURSOR = new ErrorCode("INVALID_CURSOR", 400, "Invalid cursor");

	/** A sort on a property that cannot be sorted on, or a malformed sort. */
	public static final ErrorCode INVALID_SORT = new ErrorCode("INVALID_SORT", 400, "Invalid sort");

	/** A field selection naming a field the response does not have. */
	public static final ErrorCode UNKNOWN_FIELD = new ErrorCode("UNKNOWN_FIELD", 400, "Unknown field");

	/** The request names a host this service does not answer to. */
	public static final ErrorCode INVALID_HOST = new ErrorCode("INVALID_HOST", 400, "Invalid host");

	/** A caller's request timeout header is not a number of milliseconds. */
	public static final ErrorCode INVALID_REQUEST_TIMEOUT = new ErrorCode("INVALID_REQUEST_TIMEOUT", 400,
			"Invalid request timeout");

	/** A request body nested too deeply, or with too long a string, name, number or document. */
	public static final ErrorCode BODY_TOO_COMPLEX = new ErrorCode("BODY_TOO_COMPLEX", 400, "Body too complex");

	/** More query or form parameters than the server accepts. */
	public static final ErrorCode TOO_MANY_PARAMETERS = new ErrorCode("TOO_MANY_PARAMETERS", 400,
			"Too many parameters");

	/** The request lacks valid credentials. */
	public static final ErrorCode UNAUTHORIZED = new ErrorCode("UNAUTHORIZED", 401, "Unauthorized");

	/** The caller is known but not allowed to do this. */
	public static final ErrorCode FORBIDDEN = new ErrorCode("FORBIDDEN", 403, "Forbidden");

	/** A cross-origin request from an origin, or with a method or header, that CORS does not allow. */
	public static final ErrorCode CORS_REJECTED = new ErrorCode("CORS_REJECTED", 403, "CORS rejected");

	/** The resource does not exist, or there is no endpoint at this path. */
	public static final ErrorCode NOT_FOUND = new ErrorCode("NOT_FOUND", 404, "Not found");

	/** The endpoint exists but does not support the request method. */
	public static final ErrorCode METHOD_NOT_ALLOWED = new ErrorCode("METHOD_NOT_ALLOWED", 405, "Method not allowed");

	/** No representation matches the request's {@code Accept} header. */
	public static final ErrorCode NOT_ACCEPTABLE = new ErrorCode("NOT_ACCEPTABLE", 406, "Not acceptable");

	/** The server gave up waiting for the request. */
	public static final ErrorCode REQUEST_TIMEOUT = new ErrorCode("REQUEST_TIMEOUT", 408, "Request timeout");

	/** The request conflicts with the current state of the resource. */
	public static final ErrorCode CONFLICT = new ErrorCode("CONFLICT", 409, "Conflict");

	/** The resource existed once and is gone for good. */
	public static final ErrorCode GONE = new ErrorCode("GONE", 410, "Gone");

	/** A precondition such as {@code If-Match} did not hold. */
	public static final ErrorCode PRECONDITION_FAILED = new ErrorCode("PRECONDITION_FAILED", 412, "Precondition failed");

	/** The request body is larger than the server accepts. */
	public static final ErrorCode PAYLOAD_TOO_LARGE = new ErrorCode("PAYLOAD_TOO_LARGE", 413, "Payload too large");

	/** The request URI is longer than the server accepts. */
	public static final ErrorCode URI_TOO_LONG = new ErrorCode("URI_TOO_LONG", 414, "URI too long");

	/** The request body's media type is not supported by the endpoint. */
	public static final ErrorCode UNSUPPORTED_MEDIA_TYPE = new ErrorCode("UNSUPPORTED_MEDIA_TYPE", 415,
			"Unsupported media type");

	/** The request was understood but cannot be processed as it stands. */
	public static final ErrorCode UNPROCESSABLE_CONTENT = new ErrorCode("UNPROCESSABLE_CONTENT", 422,
			"Unprocessable content");

	/** The request must be conditional, for example carry {@code If-Match}. */
	public static final ErrorCode PRECONDITION_REQUIRED = new ErrorCode("PRECONDITION_REQUIRED", 428,
			"Precondition required");

	/** A request that must carry an {@code Idempotency-Key} sent none. */
	public static final ErrorCode IDEMPOTENCY_KEY_MISSING = new ErrorCode("IDEMPOTENCY_KEY_MISSING", 400,
			"Idempotency key missing");

	/** The {@code Idempotency-Key} header is not one valid key. */
	public static final ErrorCode IDEMPOTENCY_KEY_INVALID = new ErrorCode("IDEMPOTENCY_KEY_INVALID", 400,
			"Idempotency key invalid");

	/** A request with the same idempotency key is still running. */
	public static final ErrorCode IDEMPOTENCY_KEY_IN_PROGRESS = new ErrorCode("IDEMPOTENCY_KEY_IN_PROGRESS", 409,
			"Idempotency key in progress");

	/** The idempotency key was first used with a different request. */
	public static final ErrorCode IDEMPOTENCY_KEY_MISMATCH = new ErrorCode("IDEMPOTENCY_KEY_MISMATCH", 422,
			"Idempotency key reused");

	/** The caller sent too many requests; {@code Retry-After} says when to try again. */
	public static final ErrorCode RATE_LIMITED = new ErrorCode("RATE_LIMITED", 429, "Too many requests");

	/** The request's header fields are larger than the server accepts. */
	public static final ErrorCode HEADERS_TOO_LARGE = new ErrorCode("HEADERS_TOO_LARGE", 431,
			"Request header fields too large");

	/** The server failed unexpectedly; the details are in its log, under the request ID. */
	public static final ErrorCode INTERNAL_ERROR = new ErrorCode("INTERNAL_ERROR", 500, "Internal error");

	/** The endpoint is not implemented. */
	public static final ErrorCode NOT_IMPLEMENTED = new ErrorCode("NOT_IMPLEMENTED", 501, "Not implemented");

	/** A downstream service answered badly. */
	public static final ErrorCode BAD_GATEWAY = new ErrorCode("BAD_GATEWAY", 502, "Bad gateway");

	/** The service cannot answer now; {@code Retry-After}, when present, says when to try again. */
	public static final ErrorCode SERVICE_UNAVAILABLE = new ErrorCode("SERVICE_UNAVAILABLE", 503,
			"Service unavailable");

	/**
	 * An audited action could not record its audit event, and audit fails closed: the action is
	 * refused (its transaction, if any, rolled back).
	 */
	public static final ErrorCode AUDIT_UNAVAILABLE = new ErrorCode("AUDIT_UNAVAILABLE", 503, "Audit unavailable");

	/** A downstream service did not answer in time. */
	public static final ErrorCode GATEWAY_TIMEOUT = new ErrorCode("GATEWAY_TIMEOUT", 504, "Gateway timeout");

	/** The request's deadline passed before its work was done. */
	public static final ErrorCode DEADLINE_EXCEEDED = new ErrorCode("DEADLINE_EXCEEDED", 504, "Deadline exceeded");

	/** No database connection could be had in time: the pool is exhausted or the database is down. */
	public static final ErrorCode DATABASE_UNAVAILABLE = new ErrorCode("DATABASE_UNAVAILABLE", 503,
			"Database unavailable");

	/**
	 * The request's transaction lost to a concurrent one (a serialization failure or a deadlock)
	 * and was rolled back: the database is up, and the same request may succeed if sent again.
	 */
	public static final ErrorCode DATABASE_CONFLICT = new ErrorCode("DATABASE_CONFLICT", 409, "Database conflict");

	/** A database statement ran past its timeout and was cancelled. */
	public static final ErrorCode DATABASE_TIMEOUT = new ErrorCode("DATABASE_TIMEOUT", 504, "Database timeout");

	/** A downstream service failed or could not be reached, retries included. */
	public static final ErrorCode UPSTREAM_UNAVAILABLE = new ErrorCode("UPSTREAM_UNAVAILABLE", 502,
			"Upstream unavailable");

	/** Calls to a downstream service are paused by its circuit breaker after repeated failures. */
	public static final ErrorCode CIRCUIT_OPEN = new ErrorCode("CIRCUIT_OPEN", 503, "Circuit open");

	/** Too many calls to a downstream service are in flight; this one was not made. */
	public static final ErrorCode UPSTREAM_BUSY = new ErrorCode("UPSTREAM_BUSY", 503, "Upstream busy");

	/** A downstream service did not answer within the timeout, retries included. */
	public static final ErrorCode UPSTREAM_TIMEOUT = new ErrorCode("UPSTREAM_TIMEOUT", 504, "Upstream timeout");

	/**
	 * Validates the components.
	 * @throws IllegalArgumentException if the code is not UPPER_SNAKE_CASE, the status is not an
	 * error status (400 to 599) or the title is blank
	 */
	public ErrorCode {
		Objects.requireNonNull(code, "code must not be null");
		Objects.requireNonNull(title, "title must not be null");
		if (!UPPER_SNAKE.matcher(code).matches()) {
			throw new IllegalArgumentException("code must be UPPER_SNAKE_CASE, for example NOT_FOUND, but was '" + code + "'");
		}
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("status of " + code + " must be between 400 and 599, but was " + status);
		}
		if (title.isBlank()) {
			throw new IllegalArgumentException("title of " + code + " must not be blank");
		}
	}

	/**
	 * Creates an application-defined error code.
	 * @param code the code in UPPER_SNAKE_CASE
	 * @param status the HTTP status, 400 to 599
	 * @param title a short summary of the problem type
	 * @return the error code
	 * @throws IllegalArgumentException if a component is invalid
	 */
	public static ErrorCode of(String code, int status, String title) {
		return new ErrorCode(code, status, title);
	}

	/**
	 * Returns the general code for an HTTP status, for errors that carry no code of their own (a
	 * {@code sendError(404)}, a container rejection). Statuses outside the catalogue get
	 * {@code HTTP_<status>}.
	 * @param status an HTTP error status, 400 to 599
	 * @return the code for that status
	 * @throws IllegalArgumentException if the status is not an error status
	 */
	public static ErrorCode forStatus(int status) {
		return switch (status) {
			case 400 -> BAD_REQUEST;
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 408 -> REQUEST_TIMEOUT;
			case 409 -> CONFLICT;
			case 410 -> GONE;
			case 412 -> PRECONDITION_FAILED;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 414 -> URI_TOO_LONG;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 422 -> UNPROCESSABLE_CONTENT;
			case 428 -> PRECONDITION_REQUIRED;
			case 429 -> RATE_LIMITED;
			case 431 -> HEADERS_TOO_LARGE;
			case 500 -> INTERNAL_ERROR;
			case 501 -> NOT_IMPLEMENTED;
			case 502 -> BAD_GATEWAY;
			case 503 -> SERVICE_UNAVAILABLE;
			case 504 -> GATEWAY_TIMEOUT;
			default -> new ErrorCode("HTTP_" + status, status, (status < 500) ? "Client error" : "Server error");
		};
	}

	/**
	 * Returns the code in lower-kebab-case, the last segment of a problem {@code type} URI: {@code
	 * VALIDATION_FAILED} becomes {@code validation-failed}.
	 * @return the code as a URI path segment
	 */
	public String slug() {
		return this.code.toLowerCase(Locale.ROOT).replace('_', '-');
	}

	@Override
	public String toString() {
		return this.code + " (" + this.status + ")";
	}

}
