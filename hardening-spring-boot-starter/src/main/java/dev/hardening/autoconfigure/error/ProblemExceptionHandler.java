package dev.hardening.autoconfigure.error;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import dev.hardening.error.ErrorCode;
import dev.hardening.error.Violation;
import dev.hardening.web.BodyTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingMatrixVariableException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingRequestCookieException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Spring MVC's own exceptions as problems: Spring's {@link ResponseEntityExceptionHandler} decides
 * the status and headers ({@code Allow}, {@code Accept}), and this class gives each problem its
 * code, a detail that neither quotes the input nor names Java types, and the {@code errors} of
 * validation and binding failures. 5xx failures are logged once and answered with a generic
 * detail.
 */
@ControllerAdvice
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

	private final ProblemFactory factory;

	private final @Nullable ErrorPages pages;

	/**
	 * Creates a handler that answers every client with the problem.
	 * @param factory makes the problems
	 */
	public ProblemExceptionHandler(ProblemFactory factory) {
		this(factory, null);
	}

	/**
	 * Creates a handler.
	 * @param factory makes the problems
	 * @param pages hands clients that prefer HTML to the error page, or {@code null} to answer
	 * every client with the problem
	 */
	public ProblemExceptionHandler(ProblemFactory factory, @Nullable ErrorPages pages) {
		this.factory = factory;
		this.pages = pages;
	}

	/**
	 * Answers a multipart request that could not be parsed (no boundary, a body cut short, a body
	 * that is not multipart at all) as the client's mistake; Spring leaves it to the container,
	 * which answers {@code 500}. A body over the size limits stays a {@code 413}.
	 * @param ex the failure
	 * @param request the request
	 * @return the problem response
	 */
	@ExceptionHandler(MultipartException.class)
	public @Nullable ResponseEntity<Object> handleMalformedMultipart(MultipartException ex, WebRequest request) {
		HttpServletRequest servletRequest = servletRequest(request);
		MalformedRequests.Rejection rejection = (servletRequest != null)
				? MalformedRequests.multipart(ex, servletRequest)
				: new MalformedRequests.Rejection(ErrorCode.MALFORMED_BODY, "The multipart body is malformed.");
		ProblemDetail problem = this.factory.create(rejection.code(), rejection.detail());
		HttpStatusCode status = HttpStatusCode.valueOf(rejection.code().status());
		return handleExceptionInternal(ex, problem, new HttpHeaders(), status, request);
	}

	/**
	 * Completes the problem and fixes its media type, so that it is written even when the
	 * client's {@code Accept} cannot be parsed; Spring would otherwise send the status alone.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
		HttpHeaders problemHeaders = problemHeaders(headers);
		HttpServletRequest servletRequest = servletRequest(request);
		ProblemDetail problem;
		if (statusCode.is5xxServerError()) {
			if (servletRequest != null && ex instanceof AsyncRequestTimeoutException) {
				FailureLog.timedOut(servletRequest);
			}
			else if (servletRequest != null) {
				FailureLog.unexpected(servletRequest, ex);
			}
			problem = this.factory.createInternal(statusCode.value(), ex);
		}
		else {
			problem = clientProblem(ex, body, statusCode);
		}
		if (servletRequest != null) {
			// now, not in the interceptor: Spring sets a missing instance first, and fails on a path like "//"
			this.factory.complete(problem, servletRequest);
		}
		return answer(ex, problem, problemHeaders, statusCode, request);
	}

	/**
	 * Hands the error to the error page for a client that prefers HTML (the answer is then
	 * {@code null}: the request is handled), else answers with the problem.
	 */
	private @Nullable ResponseEntity<Object> answer(Exception ex, ProblemDetail problem, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		HttpServletRequest servletRequest = servletRequest(request);
		HttpServletResponse servletResponse = (request instanceof NativeWebRequest nativeRequest)
				? nativeRequest.getNativeResponse(HttpServletResponse.class) : null;
		if (this.pages != null && servletRequest != null && servletResponse != null) {
			try {
				if (this.pages.handOff(servletRequest, servletResponse, problem, headers)) {
					return null;
				}
			}
			catch (IOException failure) {
				throw new UncheckedIOException(failure);
			}
		}
		return super.handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * Answers like Spring, without Spring's warning per request: a client using the wrong method
	 * is the client's problem, and a log line each would let any client flood the log.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpRequestMethodNotSupported(
			HttpRequestMethodNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, null, headers, status, request);
	}

	private ProblemDetail clientProblem(Exception ex, @Nullable Object body, HttpStatusCode status) {
		ProblemDetail problem = springProblem(ex, body, status);
		if (ex instanceof MethodArgumentNotValidException invalid) {
			validationFailed(problem, Violations.of(invalid.getBindingResult()));
		}
		else if (ex instanceof HandlerMethodValidationException invalid) {
			validationFailed(problem, Violations.of(invalid));
		}
		else if (ex instanceof TypeMismatchException mismatch) {
			specify(problem, ErrorCode.INVALID_PARAMETER, "A parameter has a value of the wrong type.",
					List.of(Violations.of(mismatch)));
		}
		else if (ex instanceof HttpMessageNotReadableException unreadable && tooComplex(unreadable)) {
			specify(problem, ErrorCode.BODY_TOO_COMPLEX,
					"The request body is nested too deeply, or has too long a string, name, number or document.",
					List.of());
		}
		else if (ex instanceof HttpMessageNotReadableException unreadable) {
			RequestBodyErrors.Explanation explanation = RequestBodyErrors.explain(unreadable);
			specify(problem, ErrorCode.MALFORMED_BODY, explanation.detail(), explanation.violations());
		}
		else if (missingValueName(ex) != null) {
			specify(problem, ErrorCode.MISSING_PARAMETER, "A required parameter is missing.",
					List.of(new Violation(missingValueName(ex), Violations.REQUIRED, "is required")));
		}
		else if (ex instanceof HttpRequestMethodNotSupportedException unsupported) {
			problem.setDetail(methodDetail(unsupported));
		}
		else if (ex instanceof HttpMediaTypeNotSupportedException unsupported) {
			problem.setDetail(mediaTypeDetail(unsupported));
		}
		else if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
			problem.setDetail("No endpoint exists at this path.");
		}
		return problem;
	}

	/**
	 * Names the methods the endpoint supports, never the client's, which can be any token.
	 */
	private static String methodDetail(HttpRequestMethodNotSupportedException ex) {
		Set<HttpMethod> supported = ex.getSupportedHttpMethods();
		if (supported == null || supported.isEmpty()) {
			return "The endpoint does not support this method.";
		}
		StringJoiner names = new StringJoiner(", ", "The endpoint supports only ", ".");
		supported.forEach((method) -> names.add(method.name()));
		return names.toString();
	}

	/**
	 * Names the media types the endpoint reads, never the client's {@code Content-Type}.
	 */
	private static String mediaTypeDetail(HttpMediaTypeNotSupportedException ex) {
		List<MediaType> supported = ex.getSupportedMediaTypes();
		if (ex.getContentType() == null && supported.isEmpty()) {
			return "The Content-Type of the request could not be parsed.";
		}
		if (supported.isEmpty()) {
			return "The endpoint does not read this media type.";
		}
		StringJoiner types = new StringJoiner(", ", "The request body must be one of: ", ".");
		supported.forEach((type) -> types.add(type.toString()));
		return types.toString();
	}

	/**
	 * A body cut off at its size limit is not malformed: it is too large, a {@code 413}.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		BodyTooLargeException tooLarge = MalformedRequests.causeOf(ex, BodyTooLargeException.class);
		if (tooLarge != null) {
			ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONTENT_TOO_LARGE);
			specify(problem, ErrorCode.PAYLOAD_TOO_LARGE,
					"The request body is larger than " + tooLarge.limit() + " bytes.", List.of());
			HttpServletRequest servletRequest = servletRequest(request);
			if (servletRequest != null) {
				this.factory.complete(problem, servletRequest);
			}
			return answer(ex, problem, problemHeaders(headers), HttpStatus.CONTENT_TOO_LARGE, request);
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	private static boolean tooComplex(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// Jackson's StreamConstraintsException, by name: Jackson is optional here
			if (cause.getClass().getSimpleName().equals("StreamConstraintsException")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static HttpHeaders problemHeaders(HttpHeaders headers) {
		HttpHeaders problemHeaders = new HttpHeaders();
		problemHeaders.putAll(headers);
		problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return problemHeaders;
	}

	private ProblemDetail springProblem(Exception ex, @Nullable Object body, HttpStatusCode status) {
		if (body instanceof ProblemDetail problem) {
			return problem;
		}
		if (ex instanceof ErrorResponse errorResponse) {
			return errorResponse.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
		}
		return ProblemDetail.forStatus(status);
	}

	private void validationFailed(ProblemDetail problem, List<Violation> violations) {
		specify(problem, ErrorCode.VALIDATION_FAILED, "The request has invalid fields.", violations);
	}

	private void specify(ProblemDetail problem, ErrorCode code, String detail, List<Violation> violations) {
		this.factory.identify(problem, code);
		problem.setDetail(detail);
		if (!violations.isEmpty()) {
			problem.setProperty(ProblemFactory.ERRORS, violations);
		}
	}

	private static @Nullable String missingValueName(Exception ex) {
		if (ex instanceof MissingServletRequestParameterException missing) {
			return missing.getParameterName();
		}
		if (ex instanceof MissingRequestHeaderException missing) {
			return missing.getHeaderName();
		}
		if (ex instanceof MissingRequestCookieException missing) {
			return missing.getCookieName();
		}
		if (ex instanceof MissingPathVariableException missing) {
			return missing.getVariableName();
		}
		if (ex instanceof MissingMatrixVariableException missing) {
			return missing.getVariableName();
		}
		if (ex instanceof MissingServletRequestPartException missing) {
			return missing.getRequestPartName();
		}
		return null;
	}

	private static @Nullable HttpServletRequest servletRequest(WebRequest request) {
		return (request instanceof NativeWebRequest nativeRequest)
				? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
	}

}
