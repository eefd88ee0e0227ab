package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.nio.ByteBuffer;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.InputBuffer;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * Bounds a request body where Tomcat reads it, below every API: the application's input stream
 * and reader, and Tomcat's own parsing of form parameters and multipart parts, which never goes
 * through a request wrapper. Past the limit the body simply ends (an exception there would make
 * Tomcat answer {@code 400} and drop the connection's state), its {@link BodyBudget} says why,
 * and {@link RequestLimitFilter} answers {@code 413}. So no part is written to disk past the
 * limit, for every framing and every path override.
 */
final class BodyLimitValve extends ValveBase {

	private final BodyLimits limits;

	BodyLimitValve(BodyLimits limits) {
		super(true);
		this.limits = limits;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (!BodyLimits.mayHaveBody(request)) {
			getNext().invoke(request, response);
			return;
		}
		org.apache.coyote.Request coyote = request.getCoyoteRequest();
		InputBuffer original = coyote.getInputBuffer();
		if (original instanceof Bounded stale) {
			original = stale.delegate;
		}
		BodyBudget budget = new BodyBudget(this.limits.limitFor(request));
		coyote.setInputBuffer(new Bounded(original, budget));
		request.setAttribute(BodyBudget.ATTRIBUTE, budget);
		boolean async = false;
		try {
			getNext().invoke(request, response);
			async = request.isAsync();
		}
		finally {
			if (async) {
				// the body may still be read on another thread: give the buffer back at the end
				request.getAsyncContext().addListener(new Restore(coyote, original));
			}
			else {
				coyote.setInputBuffer(original);
			}
		}
	}

	/** The connection's input, ending once the budget is spent. */
	private static final class Bounded implements InputBuffer {

		private final InputBuffer delegate;

		private final BodyBudget budget;

		Bounded(InputBuffer delegate, BodyBudget budget) {
			this.delegate = delegate;
			this.budget = budget;
		}

		@Override
		public int doRead(ApplicationBufferHandler handler) throws IOException {
			if (this.budget.over()) {
				return -1;
			}
			int n = this.delegate.doRead(handler);
			if (n > 0 && !this.budget.spend(n)) {
				// nothing of the read that passed the limit reaches the reader
				handler.setByteBuffer(ByteBuffer.allocate(0));
				return -1;
			}
			return n;
		}

		@Override
		public int available() {
			return this.budget.over() ? 0 : this.delegate.available();
		}

	}

	private record Restore(org.apache.coyote.Request coyote, InputBuffer original) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.coyote.setInputBuffer(this.original);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
