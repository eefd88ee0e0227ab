package dev.hardening.autoconfigure.jdbc;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.autoconfigure.AsyncCompletion;
import dev.hardening.autoconfigure.HardeningFilter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Opens a {@link QueryScope} for each request (kept across the dispatches of an async one, and
 * carried to its {@code Callable} by {@link QueryScopeCallableInterceptor}) and, when it ends,
 * logs one {@code WARN} if it ran more statements than allowed or repeated one shape too often
 * (an N+1), naming the endpoint pattern and the shape, never a value. Records the count in the distribution
 * {@code hardening.jdbc.statements}, by {@code route}.
 */
final class QueryCountingFilter extends HardeningFilter {

	/** The request attribute holding the request's scope, for its async dispatches and Callable. */
	static final String SCOPE = QueryCountingFilter.class.getName() + ".scope";

	private static final Logger logger = LoggerFactory.getLogger("hardening.jdbc");

	private final int maxStatements;

	private final int maxRepeats;

	private final ObjectProvider<MeterRegistry> meters;

	// looked up once, not per request: a lookup cost more than the counting itself under load
	private volatile @Nullable MeterRegistry registry;

	private volatile boolean registryResolved;

	// one per endpoint pattern, a bounded set
	private final Map<String, DistributionSummary> summaries = new ConcurrentHashMap<>();

	QueryCountingFilter(int maxStatements, int maxRepeats, ObjectProvider<MeterRegistry> meters) {
		this.maxStatements = maxStatements;
		this.maxRepeats = maxRepeats;
		this.meters = meters;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// an async request keeps its scope from the first dispatch to the last
		QueryScope scope = (QueryScope) request.getAttribute(SCOPE);
		QueryScope previous = QueryScope.current();
		boolean opened = scope == null;
		if (opened) {
			scope = QueryScope.open();
			request.setAttribute(SCOPE, scope);
		}
		else {
			QueryScope.attach(scope);
		}
		boolean done = false;
		try {
			chain.doFilter(request, response);
			done = !request.isAsyncStarted();
		}
		finally {
			// also drops any scope the application opened on this thread and did not close
			QueryScope.restore(previous);
		}
		if (done) {
			request.removeAttribute(SCOPE);
			if (scope.statements() > 0) {
				report(request, scope);
			}
		}
		else if (opened) {
			// reported by the async dispatch that ends it or, for a request the application
			// completes itself, when it completes
			QueryScope started = scope;
			AsyncCompletion.whenComplete(request, () -> reportIfNotReported(request, started));
		}
	}

	private void report(HttpServletRequest request, QueryScope scope) {
		String route = route(request);
		Map.Entry<String, Integer> repeated = scope.mostRepeated().orElse(null);
		boolean tooMany = scope.statements() > this.maxStatements;
		boolean tooRepeated = repeated != null && repeated.getValue() > this.maxRepeats;
		if (tooMany || tooRepeated) {
			logger.warn("{} {} ran {} statements in {} ms{}; most repeated ({} times): {}", request.getMethod(), route,
					scope.statements(), scope.time().toMillis(),
					tooRepeated ? " (an N+1?)" : " (over " + this.maxStatements + ")",
					(repeated != null) ? repeated.getValue() : 0, (repeated != null) ? repeated.getKey() : "");
		}
		MeterRegistry registry = registry();
		if (registry != null) {
			this.summaries
				.computeIfAbsent(route,
						(key) -> DistributionSummary.builder("hardening.jdbc.statements")
							.description("Statements per request")
							.tag("route", key)
							.register(registry))
				.record(scope.statements());
		}
	}

	private @Nullable MeterRegistry registry() {
		if (!this.registryResolved) {
			this.registry = this.meters.getIfAvailable();
			this.registryResolved = true;
		}
		return this.registry;
	}

	/** The matched pattern, or a fixed value: the raw path would flood logs and meters. */
	private static String route(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return (pattern instanceof String text) ? text : "unmatched";
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	/**
	 * Reports an asynchronous request's scope when the request completes, unless an async dispatch
	 * through the filter reported it (and took it off the request): one the application completes
	 * itself ({@code AsyncContext.complete()}), or one that times out into an error page.
	 */
	private void reportIfNotReported(HttpServletRequest request, QueryScope scope) {
		if (request.getAttribute(SCOPE) == scope) {
			request.removeAttribute(SCOPE);
			if (scope.statements() > 0) {
				report(request, scope);
			}
		}
	}

}
