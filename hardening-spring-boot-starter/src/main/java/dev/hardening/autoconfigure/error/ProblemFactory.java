package dev.hardening.autoconfigure.error;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.hardening.autoconfigure.requestid.RequestIdFilter;
import dev.hardening.autoconfigure.RequestTraceId;
import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import dev.hardening.error.UnavailableException;
import dev.hardening.error.ValidationException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Makes the problem bodies of this application, so that every one of them, whoever raised it,
 * has the same members: {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code instance}, {@code code} and {@code requestId}.
 */
public final class ProblemFactory {

	/** The problem member holding the {@link ErrorCode#code() error code}. */
	public static final String CODE = "code";

	/** The problem member holding the request ID. */
	public static final String REQUEST_ID = "requestId";

	/** Property holding the trace ID of the request's span, when the application has tracing. */
	public static final String TRACE_ID = "traceId";

	/** The problem member listing the {@link dev.hardening.error.Violation violations} of a validation problem. */
	public static final String ERRORS = "errors";

	/** The problem type that adds nothing to the status code (RFC 9457 §4.2.1). */
	public static final URI ABOUT_BLANK = URI.create("about:blank");

	private static final String PATH_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			+ "0123456789-._~!$&'()*+,;=:@/";

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private static final String CODE_ATTRIBUTE = ProblemFactory.class.getName() + ".code";

	static final String INTERNAL_DETAIL = "An unexpected error occurred. Quote the requestId when reporting it.";

	private final @Nullable String typeBase;

	private final boolean exposeExceptionMessages;

	/**
	 * Creates a factory.
	 * @param typeBaseUri the base of problem type URIs, or {@code null} for {@code about:blank}
	 * @param exposeExceptionMessages whether 500 problems show the exception
	 */
	public ProblemFactory(@Nullable URI typeBaseUri, boolean exposeExceptionMessages) {
		this.typeBase = (typeBaseUri != null) ? withTrailingSlash(typeBaseUri.toString()) : null;
		this.exposeExceptionMessages = exposeExceptionMessages;
	}

	private static String withTrailingSlash(String uri) {
		return uri.endsWith("/") ? uri : uri + "/";
	}

	/**
	 * Creates a problem for an error code.
	 * @param code the error code, which sets the status, code, type and title
	 * @param detail the explanation of this occurrence shown to the client, or {@code null}
	 * @return a new problem
	 */
	public ProblemDetail create(ErrorCode code, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatus(code.status());
		identify(problem, code);
		problem.setDetail(detail);
		return problem;
	}

	/**
	 * Creates the problem for an exception the application threw for the client to see.
	 * @param ex the exception
	 * @return a new problem with the exception's detail, extensions and, for a
	 * {@link ValidationException}, its {@code errors}
	 */
	public ProblemDetail create(ApiException ex) {
		ProblemDetail problem = create(ex.errorCode(), ex.detail());
		ex.extensions().forEach(problem::setProperty);
		if (ex instanceof ValidationException validation) {
			problem.setProperty(ERRORS, validation.violations());
		}
		return problem;
	}

	/**
	 * Creates the problem for a failure the client must not see the details of.
	 * @param status the 5xx status to answer with
	 * @param failure the failure, shown only when exception messages are exposed
	 * @return a new problem with a generic detail
	 */
	public ProblemDetail createInternal(int status, Throwable failure) {
		String detail = this.exposeExceptionMessages ? failure.toString() : INTERNAL_DETAIL;
		return create(ErrorCode.forStatus(status), detail);
	}

	/**
	 * Returns the response headers an exception asks for, such as {@code Retry-After}.
	 * @param ex the exception
	 * @return the headers, often empty
	 */
	public HttpHeaders headers(ApiException ex) {
		HttpHeaders headers = new HttpHeaders();
		if (ex instanceof UnavailableException unavailable) {
			unavailable.retryAfter()
				.ifPresent((delay) -> headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ceilSeconds(delay))));
		}
		return headers;
	}

	private static long ceilSeconds(Duration delay) {
		long seconds = delay.getSeconds();
		return (delay.getNano() > 0) ? seconds + 1 : seconds;
	}

	/**
	 * Sets the code of a problem, and its type and title to match.
	 * @param problem the problem to change
	 * @param code the error code
	 */
	public void identify(ProblemDetail problem, ErrorCode code) {
		problem.setProperty(CODE, code.code());
		boolean untyped = problem.getType() == null || ABOUT_BLANK.equals(problem.getType());
		if (this.typeBase != null && untyped) {
			problem.setType(URI.create(this.typeBase + code.slug()));
			problem.setTitle(code.title());
		}
		else if (HttpStatus.resolve(problem.getStatus()) == null) {
			// about:blank takes the status phrase as title, and an unknown status has none
			problem.setTitle(code.title());
		}
	}

	/**
	 * Adds what a problem still lacks: a code (the general one for its status), a type
	 * ({@code about:blank} unless a base URI is configured), a detail (a general one for its
	 * status, as for a {@code ResponseStatusException} without a reason), the request ID, and the
	 * {@code instance}, the path of the request that failed.
	 * @param problem the problem to complete
	 * @param request the request it answers
	 */
	public void complete(ProblemDetail problem, HttpServletRequest request) {
		if (problem.getProperties() == null || !problem.getProperties().containsKey(CODE)) {
			identify(problem, ErrorCode.forStatus(problem.getStatus()));
		}
		if (problem.getType() == null) {
			problem.setType(ABOUT_BLANK);
		}
		if (problem.getDetail() == null) {
			problem.setDetail(generalDetail(problem.getStatus()));
		}
		String requestId = RequestIdFilter.requestId(request);
		if (requestId != null) {
			problem.setProperty(REQUEST_ID, requestId);
		}
		String traceId = RequestTraceId.of(request);
		if (traceId != null) {
			problem.setProperty(TRACE_ID, traceId);
		}
		if (problem.getInstance() == null) {
			problem.setInstance(pathOf(request));
		}
		if (problem.getProperties() != null && problem.getProperties().get(CODE) instanceof String code) {
			request.setAttribute(CODE_ATTRIBUTE, code);
		}
	}

	/**
	 * Returns the code of the problem a request was answered with, for the access log and metrics.
	 * @param request the request
	 * @return the code, or {@code null} if no problem was written
	 */
	public static @Nullable String problemCode(HttpServletRequest request) {
		return (request.getAttribute(CODE_ATTRIBUTE) instanceof String code) ? code : null;
	}

	/**
	 * The detail of a problem raised without one, for its status: never more than the status says.
	 * @param status the problem's status
	 * @return the detail
	 */
	static String generalDetail(int status) {
		return switch (status) {
			case 400 -> "The request is malformed.";
			case 401 -> "Authentication is required.";
			case 403 -> "Access is denied.";
			case 404 -> "No endpoint exists at this path.";
			case 405 -> "The endpoint does not support this method.";
			case 413 -> "The request body is too large.";
			case 414 -> "The request URI is too long.";
			case 431 -> "The request headers are too large.";
			default -> "The request failed with status " + status + ".";
		};
	}

	private static @Nullable URI pathOf(HttpServletRequest request) {
		Object forwarded = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = (forwarded instanceof String uri) ? uri : request.getRequestURI();
		if (path == null) {
			// a request the container could not parse
			return null;
		}
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException ex) {
			// never null here: Spring would then make the URI itself, fail the same way and drop the problem
			return URI.create(encoded(path));
		}
	}

	/**
	 * Percent-encodes what makes a path an invalid URI reference: characters outside RFC 3986's
	 * path characters, a {@code %} (whether it starts a valid escape or not), and the second
	 * slash of a leading {@code //}, which would turn the path into an authority.
	 */
	static String encoded(String path) {
		StringBuilder encoded = new StringBuilder(path.length() + 16);
		byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xff;
			boolean authoritySlash = (i == 1 && b == '/' && bytes[0] == '/');
			if (!authoritySlash && b < 0x80 && PATH_CHARACTERS.indexOf(b) >= 0) {
				encoded.append((char) b);
			}
			else {
				encoded.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
			}
		}
		return encoded.toString();
	}

}
