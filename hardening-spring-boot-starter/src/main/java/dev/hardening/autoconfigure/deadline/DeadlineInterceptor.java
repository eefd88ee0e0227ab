package dev.hardening.autoconfigure.deadline;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Applies a handler's {@link Deadline @Deadline}, counted from when the request reached the deadline
 * filter ({@code FilterOrder.DEADLINE}) and shortened by the caller's header, and stops a request
 * whose deadline passed before its handler could start (a {@code 504} problem
 * {@code DEADLINE_EXCEEDED}). A malformed caller's header that the filter let
 * through, since the request's path has no budget, is refused here when the handler has one (a
 * {@code 400} problem {@code INVALID_REQUEST_TIMEOUT}), as the filter refuses it for a path's.
 */
final class DeadlineInterceptor implements HandlerInterceptor {

	private static final String SCOPE = DeadlineInterceptor.class.getName() + ".scope";

	private final Map<HandlerMethod, Optional<Duration>> budgets = new ConcurrentHashMap<>();

	private final String header;

	private final @Nullable ProblemResponseWriter problems;

	DeadlineInterceptor(String header, @Nullable ProblemResponseWriter problems) {
		this.header = header;
		this.problems = problems;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		if (request.getDispatcherType() != DispatcherType.REQUEST) {
			return true;
		}
		if (handler instanceof HandlerMethod method) {
			Duration budget = this.budgets.computeIfAbsent(method, (key) -> Optional.ofNullable(budget(key)))
				.orElse(null);
			if (budget != null && request.getAttribute(DeadlineFilter.INVALID) instanceof String invalid) {
				DeadlineFilter.reject(this.problems, this.header, response, request, invalid);
				return false;
			}
			if (budget != null) {
				Object start = request.getAttribute(DeadlineFilter.START);
				long startNanos = (start instanceof Long nanos) ? nanos : System.nanoTime();
				dev.hardening.deadline.Deadline deadline = dev.hardening.deadline.Deadline.after(budget, startNanos,
						System::nanoTime);
				if (request.getAttribute(DeadlineFilter.CALLER) instanceof Duration caller) {
					deadline = deadline.atMost(caller, startNanos);
				}
				request.setAttribute(DeadlineFilter.DEADLINE, deadline);
				request.setAttribute(SCOPE, dev.hardening.deadline.Deadline.bind(deadline));
			}
		}
		dev.hardening.deadline.Deadline.checkCurrent();
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (request.getAttribute(SCOPE) instanceof dev.hardening.deadline.Deadline.Scope scope) {
			request.removeAttribute(SCOPE);
			scope.close();
		}
	}

	/**
	 * The budget a handler method names, on the method or else on its class.
	 * @return the budget, or {@code null} when there is none
	 * @throws IllegalArgumentException when the annotation's value is not a duration
	 */
	static @Nullable Duration budget(HandlerMethod method) {
		Deadline onMethod = method.getMethodAnnotation(Deadline.class);
		Deadline annotation = (onMethod != null) ? onMethod
				: AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Deadline.class);
		if (annotation == null) {
			return null;
		}
		Duration budget = DurationStyle.detectAndParse(annotation.value());
		if (budget.isNegative() || budget.isZero()) {
			throw new IllegalArgumentException("A deadline must be positive, such as 2s");
		}
		return budget;
	}

}
