package dev.hardening.autoconfigure.deadline;

import java.io.IOException;

import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a request whose caller's request timeout {@link DeadlineFilter} found malformed, when its
 * path gives it a budget: a {@code 400} problem {@code INVALID_REQUEST_TIMEOUT}
 * ({@code FilterOrder.DEADLINE_REFUSAL}). After CORS, so that an allowed origin can read the problem,
 * as it can the same refusal by {@link DeadlineInterceptor} for an {@code @Deadline} handler; the
 * deadline itself still starts where {@link DeadlineFilter} runs. Registered only when a default
 * timeout or a route is configured.
 */
final class DeadlineRefusalFilter extends HardeningFilter {

	private final String header;

	private final @Nullable ProblemResponseWriter problems;

	DeadlineRefusalFilter(String header, @Nullable ProblemResponseWriter problems) {
		this.header = header;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// the deadline filter sets DEADLINE here only for a budget by the request's path
		if (request.getAttribute(DeadlineFilter.INVALID) instanceof String invalid
				&& request.getAttribute(DeadlineFilter.DEADLINE) != null) {
			DeadlineFilter.reject(this.problems, this.header, response, request, invalid);
			return;
		}
		chain.doFilter(request, response);
	}

}
