package dev.hardening.autoconfigure;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;

/**
 * Runs an action when a request's asynchronous processing completes: for a filter whose chain
 * ended with it started, the one point it still hears of a request the application completes
 * itself ({@link jakarta.servlet.AsyncContext#complete()}, with no async dispatch through the
 * filter) or that timed out into an error page. Tomcat tells its listeners before it finishes the
 * response, on one of its own threads. A listener hears of one asynchronous cycle only, so this
 * one listens again when the request starts another.
 */
public final class AsyncCompletion implements AsyncListener {

	private final Runnable action;

	private AsyncCompletion(Runnable action) {
		this.action = action;
	}

	/**
	 * Runs an action when the request's asynchronous processing completes.
	 * @param request the request, its asynchronous processing started
	 * @param action what to do then; it finds out itself whether an async dispatch did it already
	 */
	public static void whenComplete(ServletRequest request, Runnable action) {
		request.getAsyncContext().addListener(new AsyncCompletion(action));
	}

	@Override
	public void onComplete(AsyncEvent event) {
		this.action.run();
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
		event.getAsyncContext().addListener(this);
	}

	@Override
	public void onTimeout(AsyncEvent event) {
	}

	@Override
	public void onError(AsyncEvent event) {
	}

}
