package dev.hardening.autoconfigure.pagination;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks the {@code fields} parameter before the handler runs (see
 * {@link FieldSelectionAdvice#prepare}): a handler can answer without writing a body, as
 * {@code ConditionalRequest} answers a matching {@code If-None-Match} with {@code 304}, and a
 * malformed selection must be a {@code 400} then too. Registered last, so that it runs right
 * before the handler and the headers it notes are all that the response has before the handler.
 * Not for a request with a form body, which reading a parameter would consume.
 */
final class FieldSelectionInterceptor implements HandlerInterceptor {

	private final FieldSelectionAdvice advice;

	FieldSelectionInterceptor(FieldSelectionAdvice advice) {
		this.advice = advice;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getDispatcherType() == DispatcherType.REQUEST && handler instanceof HandlerMethod
				&& !hasFormBody(request)) {
			this.advice.prepare(request, response);
		}
		return true;
	}

	/**
	 * Whether asking for a parameter now would read the request's body: a form, whose fields the
	 * container parses from the body as parameters, which a handler that reads the body itself (a
	 * webhook checking a signature over its bytes) would then find empty. Such a request's
	 * selection is read after the handler, by {@link FieldSelectionAdvice}, as before.
	 */
	private static boolean hasFormBody(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return false;
		}
		String media = type.strip().toLowerCase(java.util.Locale.ROOT);
		return media.startsWith("application/x-www-form-urlencoded") || media.startsWith("multipart/form-data");
	}

}
