package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Map;

import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import dev.hardening.web.BodyTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

/**
 * Limits requests: a query with more parameters than allowed is a {@code 400} problem
 * {@code TOO_MANY_PARAMETERS} (Tomcat would silently keep the first ones); a body that declares a
 * larger {@code Content-Length} than its limit is refused at once with a {@code 413} problem
 * {@code PAYLOAD_TOO_LARGE}, unread. Any other body (chunked ones too) is counted as it is read,
 * by {@link BodyLimitValve} under Tomcat, whose own form and multipart parsing reads below every
 * wrapper, else by this filter's request wrapper; once it passes its limit, every read API fails
 * ({@link BodyTooLargeException} from the stream, the reader and {@code getParts}; an unchecked
 * one from {@code getParameter}), what the application answers is dropped, and this filter
 * answers the same {@code 413} problem. Requests without a body are passed on unwrapped.
 */
final class RequestLimitFilter extends HardeningFilter {

	private final BodyLimits limits;

	private final int maxParameters;

	private final @Nullable ProblemResponseWriter problems;

	RequestLimitFilter(BodyLimits limits, int maxParameters, @Nullable ProblemResponseWriter problems) {
		this.limits = limits;
		this.maxParameters = maxParameters;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (parameterCount(request.getQueryString()) > this.maxParameters) {
			refuse(request, response, ErrorCode.TOO_MANY_PARAMETERS,
					"The request has more than " + this.maxParameters + " query parameters.");
			return;
		}
		if (!BodyLimits.mayHaveBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		BodyBudget counted = (BodyBudget) request.getAttribute(BodyBudget.ATTRIBUTE);
		BodyBudget budget = (counted != null) ? counted : new BodyBudget(this.limits.limitFor(request));
		if (request.getContentLengthLong() > budget.limit() || budget.over()) {
			tooLarge(request, response, budget);
			return;
		}
		try {
			chain.doFilter(new Limited(request, budget, counted == null), new DiscardingResponse(response, budget));
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!budget.over()) {
				throw ex;
			}
		}
		if (budget.over()) {
			tooLarge(request, response, budget);
		}
	}

	private void tooLarge(HttpServletRequest request, HttpServletResponse response, BodyBudget budget)
			throws IOException {
		refuse(request, response, ErrorCode.PAYLOAD_TOO_LARGE,
				"The request body is larger than " + budget.limit() + " bytes.");
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
			throws IOException {
		ProblemResponseWriter.refuse(this.problems, request, response, code, detail);
	}

	private static int parameterCount(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return 0;
		}
		int count = 0;
		int start = 0;
		while (start <= query.length()) {
			int end = query.indexOf('&', start);
			if (end < 0) {
				end = query.length();
			}
			if (end > start) {
				count++;
			}
			start = end + 1;
		}
		return count;
	}

	/**
	 * The request with every way of reading its body failing once the body passed its limit;
	 * counting the bytes itself where no valve counts them below.
	 */
	private static final class Limited extends BodyObservingRequest {

		private final BodyBudget budget;

		private final boolean counts;

		Limited(HttpServletRequest request, BodyBudget budget, boolean counts) {
			super(request);
			this.budget = budget;
			this.counts = counts;
		}

		@Override
		void observe(byte[] buffer, int offset, int length) throws BodyTooLargeException {
			if (this.counts) {
				this.budget.spend(length);
			}
			check();
		}

		@Override
		void observe(int b) throws BodyTooLargeException {
			if (this.counts) {
				this.budget.spend(1);
			}
			check();
		}

		@Override
		void observeEnd() throws BodyTooLargeException {
			check();
		}

		private void check() throws BodyTooLargeException {
			if (this.budget.over()) {
				throw new BodyTooLargeException(this.budget.limit());
			}
		}

		@Override
		public Collection<Part> getParts() throws IOException, ServletException {
			try {
				Collection<Part> parts = super.getParts();
				readEpilogue();
				return parts;
			}
			catch (IOException | ServletException | IllegalStateException ex) {
				check();
				throw ex;
			}
		}

		@Override
		public @Nullable Part getPart(String name) throws IOException, ServletException {
			try {
				Part part = super.getPart(name);
				readEpilogue();
				return part;
			}
			catch (IOException | ServletException | IllegalStateException ex) {
				check();
				throw ex;
			}
		}

		@Override
		public @Nullable String getParameter(String name) {
			return parsed(() -> super.getParameter(name));
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return parsed(super::getParameterMap);
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return parsed(super::getParameterNames);
		}

		@Override
		public String @Nullable [] getParameterValues(String name) {
			return parsed(() -> super.getParameterValues(name));
		}

		/**
		 * Reads what follows the last part, which the multipart parser leaves unread, so that a
		 * multipart body is measured whole like any other, at no more than the limit's cost.
		 */
		private void readEpilogue() throws IOException {
			check();
			byte[] buffer = new byte[512];
			java.io.InputStream rest = getInputStream();
			while (rest.read(buffer) >= 0) {
				// counted (and failed past the limit) as it is read
			}
		}

		/** Form parameters from a body cut at its limit would be a truncated form: never given. */
		private <T> T parsed(java.util.function.Supplier<T> parameters) {
			try {
				T value = parameters.get();
				check();
				return value;
			}
			catch (BodyTooLargeException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (IllegalStateException ex) {
				if (this.budget.over()) {
					throw new UncheckedIOException(new BodyTooLargeException(this.budget.limit()));
				}
				throw ex;
			}
		}

	}

}
