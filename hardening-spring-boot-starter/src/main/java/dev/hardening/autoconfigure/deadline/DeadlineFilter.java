package dev.hardening.autoconfigure.deadline;

import java.io.IOException;
import java.time.Duration;
import java.util.Enumeration;

import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.autoconfigure.deadline.DeadlineProperties.AcceptFrom;
import dev.hardening.autoconfigure.error.ProblemFactory;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.deadline.RequestTimeout;
import dev.hardening.error.ErrorCode;
import dev.hardening.web.TrustedProxies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Starts each request's deadline when the request reaches it ({@code FilterOrder.DEADLINE}): the
 * budget of its route or the default timeout, shortened by the caller's request timeout header
 * where that is read, and binds it to the thread serving the request (again on each asynchronous
 * dispatch). A malformed header, or one sent on more than one field line, is a {@code 400} problem
 * {@code INVALID_REQUEST_TIMEOUT} where the request has a budget, refused after CORS so that an
 * allowed origin can read it: by {@link DeadlineRefusalFilter} when its path gives it one, else by
 * {@link DeadlineInterceptor} when its handler does; without a budget it changes nothing. A request
 * that ends after its deadline (its handler's, when it has one), with a problem or without, is
 * counted once. Without any budget configured it does nothing.
 */
final class DeadlineFilter extends HardeningFilter {

	/** The request's arrival, on the monotonic clock, for budgets decided later ({@code @Deadline}). */
	static final String START = DeadlineFilter.class.getName() + ".start";

	/** The caller's request timeout, if it sent one that is read. */
	static final String CALLER = DeadlineFilter.class.getName() + ".caller";

	/**
	 * Why the caller's request timeout is to be refused, when it is malformed: refused by
	 * {@link DeadlineRefusalFilter} when the request has a budget by its path, else by
	 * {@link DeadlineInterceptor} when its handler has one ({@code @Deadline}).
	 */
	static final String INVALID = DeadlineFilter.class.getName() + ".invalid";

	/**
	 * The request's deadline: its path's, set here, or its handler's, set by
	 * {@link DeadlineInterceptor}; read on asynchronous dispatches and to count an overrun.
	 */
	static final String DEADLINE = DeadlineFilter.class.getName() + ".deadline";

	private final DeadlineRules rules;

	private final String header;

	private final AcceptFrom acceptFrom;

	private final TrustedProxies proxies;

	private final @Nullable ProblemResponseWriter problems;

	private final @Nullable DeadlineMetrics metrics;

	DeadlineFilter(DeadlineRules rules, String header, AcceptFrom acceptFrom, TrustedProxies proxies,
			@Nullable ProblemResponseWriter problems, @Nullable DeadlineMetrics metrics) {
		this.rules = rules;
		this.header = header;
		this.acceptFrom = acceptFrom;
		this.proxies = proxies;
		this.problems = problems;
		this.metrics = metrics;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.rules.setAnything()) {
			chain.doFilter(request, response);
			return;
		}
		if (isAsyncDispatch(request)) {
			dev.hardening.deadline.Deadline deadline = (dev.hardening.deadline.Deadline) request.getAttribute(DEADLINE);
			try (dev.hardening.deadline.Deadline.Scope scope = dev.hardening.deadline.Deadline.bind(deadline)) {
				chain.doFilter(request, response);
			}
			countIfExceeded(request, deadline);
			return;
		}
		long start = System.nanoTime();
		request.setAttribute(START, start);
		Duration budget = this.rules.budgetFor(request);
		Duration caller = null;
		try {
			caller = callerTimeout(request);
		}
		catch (IllegalArgumentException ex) {
			// refused after CORS, so that an allowed origin can read the problem: by DeadlineRefusalFilter
			// when the path has a budget, by DeadlineInterceptor for an @Deadline handler; else ignored
			request.setAttribute(INVALID, ex.getMessage());
		}
		if (caller != null) {
			request.setAttribute(CALLER, caller);
		}
		dev.hardening.deadline.Deadline deadline = null;
		if (budget != null) {
			deadline = dev.hardening.deadline.Deadline.after(budget, start, System::nanoTime);
			if (caller != null) {
				deadline = deadline.atMost(caller, start);
			}
			request.setAttribute(DEADLINE, deadline);
		}
		try (dev.hardening.deadline.Deadline.Scope scope = dev.hardening.deadline.Deadline.bind(deadline)) {
			chain.doFilter(request, response);
		}
		// an @Deadline handler's deadline replaced the path's (DeadlineInterceptor)
		countIfExceeded(request, (request.getAttribute(DEADLINE) instanceof dev.hardening.deadline.Deadline ended)
				? ended : deadline);
	}

	/**
	 * Counts a request that ended after its deadline, when it ends: after its last dispatch. A
	 * request that failed with an exception is counted by its error dispatch, if any.
	 */
	private void countIfExceeded(HttpServletRequest request, dev.hardening.deadline.@Nullable Deadline deadline) {
		if (this.metrics == null || deadline == null || request.isAsyncStarted() || !deadline.isExpired()) {
			return;
		}
		String uri = (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern)
				? pattern : "UNKNOWN";
		String code = ProblemFactory.problemCode(request);
		this.metrics.exceeded(uri, (code != null) ? code : "none");
	}

	/**
	 * Reads the caller's request timeout, where it is read from this caller.
	 * @return the timeout, or {@code null} when there is none or it is not read
	 * @throws IllegalArgumentException when it is malformed, or sent on more than one field line:
	 * two lines mean what the same values joined by a comma on one line mean (RFC 9110, 5.3), and
	 * a second value is refused
	 */
	private @Nullable Duration callerTimeout(HttpServletRequest request) {
		if (this.acceptFrom == AcceptFrom.NONE) {
			return null;
		}
		// the first line only, to look: nothing is made for a request without the header
		String value = request.getHeader(this.header);
		if (value == null) {
			return null;
		}
		if (this.acceptFrom == AcceptFrom.TRUSTED_PROXIES && !this.proxies.isTrusted(request.getRemoteAddr())) {
			// a client cannot shorten, or learn anything about, the budget by sending the header itself
			return null;
		}
		Enumeration<String> values = request.getHeaders(this.header);
		values.nextElement();
		if (values.hasMoreElements()) {
			throw new IllegalArgumentException("A request timeout must be sent once, with a single value.");
		}
		return RequestTimeout.parse(value);
	}

	/**
	 * Answers a request whose caller's request timeout is malformed, where it has a budget.
	 * @param problems the problem writer, or {@code null} without one
	 * @param header the header's name
	 * @param response the response
	 * @param request the request
	 * @param detail why, for the plain error page when there is no problem writer
	 * @throws IOException when the answer cannot be written
	 */
	static void reject(@Nullable ProblemResponseWriter problems, String header, HttpServletResponse response,
			HttpServletRequest request, String detail) throws IOException {
		if (problems == null) {
			response.sendError(400, detail);
			return;
		}
		problems.write(request, response, ErrorCode.INVALID_REQUEST_TIMEOUT,
				"The " + header + " header must be a whole number of milliseconds, 1 to 12 digits.");
	}

}
