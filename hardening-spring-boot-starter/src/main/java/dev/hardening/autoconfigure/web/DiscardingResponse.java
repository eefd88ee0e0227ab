package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

import dev.hardening.autoconfigure.PassesEncodedHeaders;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/**
 * The response as the application sees it while its request's body is read: once the body has
 * passed its limit, whatever is still written (the application's failure, Spring's error
 * handling, a flush that would commit) is dropped, so that {@link RequestLimitFilter} answers
 * {@code 413} on a response nothing committed, whichever way the body was read and however the
 * failure was reported on the way out.
 */
final class DiscardingResponse extends HttpServletResponseWrapper implements PassesEncodedHeaders {

	private final BodyBudget budget;

	private @Nullable ServletOutputStream stream;

	private @Nullable PrintWriter writer;

	DiscardingResponse(HttpServletResponse response, BodyBudget budget) {
		super(response);
		this.budget = budget;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.stream == null) {
			ServletOutputStream delegate = this.budget.over() ? null : super.getOutputStream();
			this.stream = new Gate(delegate);
		}
		return this.stream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.writer == null) {
			this.writer = this.budget.over() ? new PrintWriter(OutputStream.nullOutputStream())
					: new PrintWriter(new GatedWriter(super.getWriter()));
		}
		return this.writer;
	}

	@Override
	public void flushBuffer() throws IOException {
		if (!this.budget.over()) {
			super.flushBuffer();
		}
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		if (!this.budget.over()) {
			super.sendError(status, message);
		}
	}

	@Override
	public void sendError(int status) throws IOException {
		if (!this.budget.over()) {
			super.sendError(status);
		}
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		if (!this.budget.over()) {
			super.sendRedirect(location);
		}
	}

	@Override
	public void setStatus(int status) {
		if (!this.budget.over()) {
			super.setStatus(status);
		}
	}

	@Override
	public void setHeader(String name, String value) {
		if (!this.budget.over()) {
			super.setHeader(name, value);
		}
	}

	@Override
	public void addHeader(String name, String value) {
		if (!this.budget.over()) {
			super.addHeader(name, value);
		}
	}

	/** Passes every header until the body is over its limit; then it drops them. */
	@Override
	public boolean passes(String name) {
		return !this.budget.over();
	}

	/** The output stream, dropping writes and flushes once the body is over its limit. */
	private final class Gate extends ServletOutputStream {

		private final @Nullable ServletOutputStream delegate;

		Gate(@Nullable ServletOutputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(int b) throws IOException {
			if (this.delegate != null && !DiscardingResponse.this.budget.over()) {
				this.delegate.write(b);
			}
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			if (this.delegate != null && !DiscardingResponse.this.budget.over()) {
				this.delegate.write(b, off, len);
			}
		}

		@Override
		public void flush() throws IOException {
			if (this.delegate != null && !DiscardingResponse.this.budget.over()) {
				this.delegate.flush();
			}
		}

		@Override
		public void close() throws IOException {
			if (this.delegate != null && !DiscardingResponse.this.budget.over()) {
				this.delegate.close();
			}
		}

		@Override
		public boolean isReady() {
			return this.delegate == null || this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			if (this.delegate != null) {
				this.delegate.setWriteListener(listener);
			}
		}

	}

	/** The writer, dropping writes and flushes once the body is over its limit. */
	private final class GatedWriter extends java.io.Writer {

		private final PrintWriter delegate;

		GatedWriter(PrintWriter delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(char[] buffer, int offset, int length) {
			if (!DiscardingResponse.this.budget.over()) {
				this.delegate.write(buffer, offset, length);
			}
		}

		@Override
		public void write(String text, int offset, int length) {
			if (!DiscardingResponse.this.budget.over()) {
				this.delegate.write(text, offset, length);
			}
		}

		@Override
		public void flush() {
			if (!DiscardingResponse.this.budget.over()) {
				this.delegate.flush();
			}
		}

		@Override
		public void close() {
			if (!DiscardingResponse.this.budget.over()) {
				this.delegate.close();
			}
		}

	}

}
