package dev.hardening.autoconfigure.error;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Keeps Spring MVC's exception handlers away from a response that is already committed (a stream
 * that failed half way): a handler's problem would be written into the body the client is
 * reading, or, answered with nothing, the stream would end as if it were complete. The failure
 * goes on, as a {@link CommittedResponseFailure}, to the {@link UnhandledExceptionFilter}, which
 * logs it once and lets the container abort the response. A client that went away is left to the
 * handlers as before; an asynchronous request that timed out once its answer began is logged in
 * one line and ends there.
 */
final class CommittedResponseResolver implements HandlerExceptionResolver, Ordered {

	/**
	 * Right after Spring Boot's {@code DefaultErrorAttributes}, which only records the exception
	 * for the error page, before the starter's {@link ProblemPrecedenceResolver}.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!response.isCommitted() || DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			return null;
		}
		if (ex instanceof AsyncRequestTimeoutException) {
			// a stream its timeout ends (an event stream's routine end): one line, and the stream
			// ends as Spring ends it, with no second line of Spring's about the committed response
			FailureLog.timedOut(request);
			return new ModelAndView();
		}
		throw new CommittedResponseFailure(ex);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** A failure after the response was committed, on its way past Spring MVC's handlers. */
	static final class CommittedResponseFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CommittedResponseFailure(Exception cause) {
			super("The request failed after its response was committed", cause);
		}

	}

}
