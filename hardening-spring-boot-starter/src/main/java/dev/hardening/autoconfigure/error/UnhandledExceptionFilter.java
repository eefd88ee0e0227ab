package dev.hardening.autoconfigure.error;

import java.io.IOException;

import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Catches what escapes the later filters and the {@code DispatcherServlet}: an exception thrown
 * by a servlet filter, or one no exception handler took. An {@link ApiException} or an
 * {@link ErrorResponse} becomes its problem, a request the container or Spring could not parse
 * (see {@link MalformedRequests}) a {@code 4xx} problem; anything else is logged once, with the
 * request ID, and answered with a generic {@code 500} problem. Without this filter the servlet container
 * would log the exception itself, after the request ID had left the MDC.
 */
final class UnhandledExceptionFilter extends HardeningFilter {

	private final ProblemFactory factory;

	private final ProblemResponseWriter writer;

	UnhandledExceptionFilter(ProblemFactory factory, ProblemResponseWriter writer) {
		this.factory = factory;
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			Throwable unwrapped = unwrap(ex);
			if (DisconnectedClientHelper.isClientDisconnectedException(unwrapped)) {
				throw ex;
			}
			MalformedRequests.Rejection rejection = MalformedRequests.classify(unwrapped, request);
			ProblemDetail problem;
			if (rejection != null) {
				// the client's mistake: nothing to log, and no error for the observation
				problem = this.factory.create(rejection.code(), rejection.detail());
			}
			else {
				ApiException upstream = UpstreamFailures.translate(unwrapped);
				Throwable failure = (upstream != null) ? upstream : unwrapped;
				problem = problem(request, response, failure);
				ServerHttpObservationFilter.findObservationContext(request)
					.ifPresent((context) -> context.setError(failure));
			}
			if (!this.writer.write(request, response, problem)) {
				// the client already has part of a response: its code is the request's (the access
				// log's error.code), and the container aborts it, with a failure whose messages
				// cannot start a line of the container's own log
				this.factory.complete(problem, request);
				throw new ServletException("The request failed after its response was committed",
						EscapedFailure.of(unwrapped));
			}
		}
	}

	private ProblemDetail problem(HttpServletRequest request, HttpServletResponse response, Throwable failure) {
		if (failure instanceof ApiException api) {
			int status = api.errorCode().status();
			if (status >= 500) {
				FailureLog.reported(request, status, failure);
			}
			HttpHeaders headers = this.factory.headers(api);
			headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
			return this.factory.create(api);
		}
		if (failure instanceof ErrorResponse errorResponse && errorResponse.getStatusCode().is4xxClientError()) {
			return errorResponse.getBody();
		}
		ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(failure.getClass(), ResponseStatus.class);
		if (declared != null && declared.code().is4xxClientError()) {
			String reason = declared.reason().isEmpty() ? null : declared.reason();
			return this.factory.create(ErrorCode.forStatus(declared.code().value()), reason);
		}
		int status = (failure instanceof ErrorResponse errorResponse) ? errorResponse.getStatusCode().value()
				: (declared != null) ? declared.code().value() : 500;
		FailureLog.unexpected(request, failure);
		return this.factory.createInternal((status >= 500) ? status : 500, failure);
	}

	private static Throwable unwrap(Exception ex) {
		// the DispatcherServlet wraps what it could not handle in "Request processing failed"
		Throwable unwrapped = (ex instanceof ServletException && ex.getCause() != null) ? ex.getCause() : ex;
		return (unwrapped instanceof CommittedResponseResolver.CommittedResponseFailure committed
				&& committed.getCause() != null) ? committed.getCause() : unwrapped;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}
