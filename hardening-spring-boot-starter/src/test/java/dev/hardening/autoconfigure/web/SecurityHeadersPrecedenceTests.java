package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security headers never replace, nor add a second value to, a header the application or
 * Spring Security set: early, late, after the body was started, at commit, and on errors.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecurityHeadersPrecedenceTests.TestApplication.class)
class SecurityHeadersPrecedenceTests {

	private static final String CSP = "default-src 'self'; img-src https://cdn.example.com";

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	// GET bodies are held by the ETag filter until the chain ends; other methods stream at once

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void headersSetBeforeTheBodyAreKept(String method) {
		assertApplicationHeaders(send(method, "/own/early"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void headersSetThroughAResponseEntityAreKept(String method) {
		assertApplicationHeaders(send(method, "/own/entity"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void headersAddedAfterTheWriterWasTakenAreKeptAlone(String method) {
		assertApplicationHeaders(send(method, "/own/after-writer"));
		assertApplicationHeaders(send(method, "/own/after-stream"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void headersASecurityFilterWritesAtCommitAreKept(String method) {
		HttpResponse<String> response = send(method, "/plain", "X-Test-Commit-Headers", "on");

		assertThat(response.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(response.headers().allValues("Content-Security-Policy")).containsExactly(CSP);
		assertThat(response.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void headersOfAnErrorAnswerAreKept(String method) {
		assertApplicationHeaders(send(method, "/own/failure"));
		HttpResponse<String> sendError = send(method, "/own/send-error");
		assertThat(sendError.statusCode()).isEqualTo(403);
		assertApplicationHeaders(sendError);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void headersTheApplicationLeftOutAreStillAdded(String method) {
		for (String path : new String[] { "/own/early", "/own/after-writer", "/own/after-stream", "/own/failure" }) {
			HttpResponse<String> response = send(method, path);
			assertThat(response.headers().allValues("X-Content-Type-Options")).as(path).containsExactly("nosniff");
			assertThat(response.headers().allValues("Cross-Origin-Opener-Policy")).as(path)
				.containsExactly("same-origin");
		}
		assertThat(send(method, "/plain").headers().allValues("X-Frame-Options")).containsExactly("DENY");
	}

	@ParameterizedTest
	@ValueSource(ints = { 100, 20_000, 200_000 })
	void aBodyThatFillsTheBufferStillCarriesTheHeaders(int size) {
		HttpResponse<String> response = send("POST", "/large?size=" + size);

		assertThat(response.body()).hasSize(size);
		assertThat(response.headers().allValues("X-Frame-Options")).containsExactly("DENY");
		assertThat(response.headers().allValues("Content-Security-Policy"))
			.containsExactly("default-src 'none'; frame-ancestors 'none'");
	}

	private HttpResponse<String> send(String method, String path, String... headers) {
		return this.http.send(method, path, method.equals("GET") ? null : "", headers);
	}

	private static void assertApplicationHeaders(HttpResponse<String> response) {
		assertThat(response.headers().allValues("Content-Security-Policy")).as("CSP").containsExactly(CSP);
		assertThat(response.headers().allValues("X-Frame-Options")).as("X-Frame-Options").containsExactly("SAMEORIGIN");
		assertThat(response.headers().allValues("Referrer-Policy")).as("Referrer-Policy")
			.containsExactly("strict-origin-when-cross-origin");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		/** Where Spring Security's filter chain sits, writing headers as its HeaderWriterFilter does. */
		@Bean
		FilterRegistrationBean<CommitHeaders> commitHeaders() {
			FilterRegistrationBean<CommitHeaders> registration = new FilterRegistrationBean<>(new CommitHeaders());
			registration.setOrder(-100);
			return registration;
		}

	}

	/**
	 * Spring Security's {@code HeaderWriterFilter} in small: it writes its headers, each only if
	 * absent, when the response commits (a flush, a close, an error, a write that completes the
	 * declared Content-Length or fills the buffer, as its {@code OnCommittedResponseWrapper}
	 * checks before passing the write on) or the chain ends.
	 */
	static class CommitHeaders extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (request.getHeader("X-Test-Commit-Headers") == null) {
				chain.doFilter(request, response);
				return;
			}
			OnCommit wrapper = new OnCommit(response);
			try {
				chain.doFilter(request, wrapper);
			}
			finally {
				wrapper.write();
			}
		}

		static final class OnCommit extends HttpServletResponseWrapper {

			private boolean written;

			private long contentLength = -1;

			private long bytes;

			OnCommit(HttpServletResponse response) {
				super(response);
			}

			@Override
			public void setContentLength(int length) {
				this.contentLength = length;
				super.setContentLength(length);
			}

			@Override
			public void setContentLengthLong(long length) {
				this.contentLength = length;
				super.setContentLengthLong(length);
			}

			@Override
			public void addHeader(String name, String value) {
				if ("Content-Length".equalsIgnoreCase(name)) {
					this.contentLength = Long.parseLong(value);
				}
				super.addHeader(name, value);
			}

			@Override
			public void setHeader(String name, String value) {
				if ("Content-Length".equalsIgnoreCase(name)) {
					this.contentLength = Long.parseLong(value);
				}
				super.setHeader(name, value);
			}

			void beforeWrite(int length) {
				this.bytes += length;
				if ((this.contentLength > 0 && this.bytes >= this.contentLength) || this.bytes >= getBufferSize()) {
					write();
				}
			}

			void write() {
				if (this.written) {
					return;
				}
				this.written = true;
				HttpServletResponse response = (HttpServletResponse) getResponse();
				if (!response.containsHeader("X-Frame-Options")) {
					response.setHeader("X-Frame-Options", "SAMEORIGIN");
				}
				if (!response.containsHeader("Content-Security-Policy")) {
					response.setHeader("Content-Security-Policy", CSP);
				}
			}

			@Override
			public void flushBuffer() throws IOException {
				write();
				super.flushBuffer();
			}

			@Override
			public void sendError(int status) throws IOException {
				write();
				super.sendError(status);
			}

			@Override
			public ServletOutputStream getOutputStream() throws IOException {
				ServletOutputStream delegate = super.getOutputStream();
				return new ServletOutputStream() {

					@Override
					public void write(int b) throws IOException {
						beforeWrite(1);
						delegate.write(b);
					}

					@Override
					public void write(byte[] b, int off, int len) throws IOException {
						beforeWrite(len);
						delegate.write(b, off, len);
					}

					@Override
					public void flush() throws IOException {
						OnCommit.this.write();
						delegate.flush();
					}

					@Override
					public void close() throws IOException {
						OnCommit.this.write();
						delegate.close();
					}

					@Override
					public boolean isReady() {
						return delegate.isReady();
					}

					@Override
					public void setWriteListener(WriteListener listener) {
						delegate.setWriteListener(listener);
					}

				};
			}

		}

	}

	static class Refused extends RuntimeException {

	}

	@RestController
	static class TestController {

		@RequestMapping("/plain")
		String plain() {
			return "plain";
		}

		@RequestMapping("/large")
		void large(@org.springframework.web.bind.annotation.RequestParam int size, HttpServletResponse response)
				throws IOException {
			response.setContentType("text/plain");
			PrintWriter writer = response.getWriter();
			for (int i = 0; i < size; i++) {
				writer.write('x');
			}
		}

		@RequestMapping("/own/early")
		String early(HttpServletResponse response) {
			response.setHeader("Content-Security-Policy", CSP);
			response.setHeader("X-Frame-Options", "SAMEORIGIN");
			response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
			return "early";
		}

		@RequestMapping("/own/entity")
		ResponseEntity<String> entity() {
			return ResponseEntity.ok()
				.header("Content-Security-Policy", CSP)
				.header("X-Frame-Options", "SAMEORIGIN")
				.header("Referrer-Policy", "strict-origin-when-cross-origin")
				.body("entity");
		}

		@RequestMapping("/own/after-writer")
		void afterWriter(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			PrintWriter writer = response.getWriter();
			response.addHeader("Content-Security-Policy", CSP);
			response.addHeader("X-Frame-Options", "SAMEORIGIN");
			response.addHeader("Referrer-Policy", "strict-origin-when-cross-origin");
			writer.write("after the writer");
		}

		@RequestMapping("/own/after-stream")
		void afterStream(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			ServletOutputStream stream = response.getOutputStream();
			response.addHeader("Content-Security-Policy", CSP);
			response.addHeader("X-Frame-Options", "SAMEORIGIN");
			response.addHeader("Referrer-Policy", "strict-origin-when-cross-origin");
			stream.write("after the stream".getBytes());
		}

		@RequestMapping("/own/failure")
		String failure() {
			throw new Refused();
		}

		@RequestMapping("/own/send-error")
		void sendError(HttpServletResponse response) throws IOException {
			response.setHeader("Content-Security-Policy", CSP);
			response.setHeader("X-Frame-Options", "SAMEORIGIN");
			response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
			response.sendError(403);
		}

		@ExceptionHandler(Refused.class)
		ResponseEntity<String> refused() {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.header("Content-Security-Policy", CSP)
				.header("X-Frame-Options", "SAMEORIGIN")
				.header("Referrer-Policy", "strict-origin-when-cross-origin")
				.body("refused");
		}

	}

}
