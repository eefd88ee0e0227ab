package dev.hardening.autoconfigure.idempotency;

import java.io.IOException;

import dev.hardening.autoconfigure.HardeningFilter;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Prepares a request that carries an {@code Idempotency-Key}: its body readable twice and its
 * response recorded, for the interceptor that decides whether a policy guards it (after Spring
 * Security and handler mapping) and for the completion, here, once the response is known. A
 * request without the header passes untouched, as does every request while no policy and no
 * annotation exists. An asynchronous request completes when its
 * asynchronous processing does.
 */
final class IdempotencyFilter extends HardeningFilter {

	private final IdempotencyRules rules;

	private final IdempotencyGuard guard;

	private final long maxBodySize;

	private final int maxResponseSize;

	IdempotencyFilter(IdempotencyRules rules, IdempotencyGuard guard, long maxBodySize, int maxResponseSize) {
		this.rules = rules;
		this.guard = guard;
		this.maxBodySize = maxBodySize;
		this.maxResponseSize = maxResponseSize;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.rules.guardAnything() || request.getHeader(IdempotencyGuard.HEADER) == null) {
			chain.doFilter(request, response);
			return;
		}
		IdempotentRequest readTwice = new IdempotentRequest(request, this.maxBodySize);
		RecordingResponse recording = new RecordingResponse(response, this.maxResponseSize);
		Throwable failure = null;
		try {
			chain.doFilter(readTwice, recording);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			if (failure == null && readTwice.isAsyncStarted()) {
				// an asynchronous answer streams through, recorded as it goes, and is stored once complete
				recording.release();
				readTwice.getAsyncContext().addListener(new Completion(readTwice, recording));
			}
			else {
				this.guard.complete(readTwice, recording, failure);
			}
		}
	}

	/** Completes an asynchronous request: stored once it completes, released if it fails or times out. */
	private final class Completion implements AsyncListener {

		private final HttpServletRequest request;

		private final RecordingResponse response;

		Completion(HttpServletRequest request, RecordingResponse response) {
			this.request = request;
			this.response = response;
		}

		@Override
		public void onComplete(AsyncEvent event) throws IOException {
			IdempotencyFilter.this.guard.complete(this.request, this.response, null);
		}

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			fail(event.getThrowable());
		}

		@Override
		public void onError(AsyncEvent event) throws IOException {
			fail(event.getThrowable());
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

		private void fail(@Nullable Throwable failure) throws IOException {
			IdempotencyFilter.this.guard.complete(this.request, this.response,
					(failure != null) ? failure : new IllegalStateException("Asynchronous processing timed out"));
		}

	}

}
