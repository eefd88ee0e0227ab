package dev.hardening.autoconfigure.jdbc;

import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;

/**
 * Makes the request's {@link QueryScope} current on the thread that runs the {@code Callable} a
 * handler returned, so that its statements count for the request; the scope is a plain thread
 * local and Spring MVC runs the {@code Callable} on its async executor.
 */
final class QueryScopeCallableInterceptor implements CallableProcessingInterceptor {

	// what was current on the worker before, a pooled thread: normally nothing
	private final ThreadLocal<@Nullable QueryScope> previous = new ThreadLocal<>();

	@Override
	public <T> void preProcess(NativeWebRequest request, Callable<T> task) {
		Object scope = request.getAttribute(QueryCountingFilter.SCOPE, RequestAttributes.SCOPE_REQUEST);
		if (scope instanceof QueryScope queryScope) {
			QueryScope previous = QueryScope.attach(queryScope);
			if (previous != null) {
				this.previous.set(previous);
			}
		}
	}

	@Override
	public <T> void postProcess(NativeWebRequest request, Callable<T> task, @Nullable Object concurrentResult) {
		if (request.getAttribute(QueryCountingFilter.SCOPE, RequestAttributes.SCOPE_REQUEST) instanceof QueryScope) {
			QueryScope.restore(this.previous.get());
			this.previous.remove();
		}
	}

}
