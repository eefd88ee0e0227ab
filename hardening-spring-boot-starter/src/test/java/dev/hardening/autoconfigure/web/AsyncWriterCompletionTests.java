package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * helper-58: an asynchronous answer written with the response's writer on another thread and
 * ended with {@link AsyncContext#complete()}, without the application flushing the writer (the
 * container flushes its own writer on complete; the Servlet API asks no more of the
 * application). The body must reach the client and be counted in the access-log line. Red: the
 * ETag filter's writer holds the characters in its encoder when the application writes after the
 * filter passed the asynchronous response through, and nothing flushes them on complete().
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AsyncWriterCompletionTests.TestApplication.class,
		properties = "hardening.web.access-log.slow-threshold=1h")
class AsyncWriterCompletionTests {

	private static final String DONE = AsyncWriterCompletionTests.class.getName() + ".firstDispatchDone";

	private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor();

	@RegisterExtension
	final AccessLogEvents log = new AccessLogEvents();

	@LocalServerPort
	private int port;

	@AfterAll
	static void stop() {
		EXECUTOR.shutdown();
	}

	@Test
	void aWriterFlushedBeforeCompleteReachesTheClient() {
		HttpResponse<String> response = new TestHttp(this.port).get("/writer?flush=true", "X-Request-ID",
				"a58-writer-flushed");

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("héllo");
		List<ILoggingEvent> lines = this.log.awaitOf("a58-writer-flushed");
		assertThat(lines).hasSize(1);
		assertThat(AccessLogEvents.fields(lines.get(0))).containsEntry("http.response.status_code", 201)
			.containsEntry("http.response.body.bytes", 6L);
	}

	@Test
	void aWriterNotFlushedBeforeCompleteReachesTheClient() {
		HttpResponse<String> response = new TestHttp(this.port).get("/writer?flush=false", "X-Request-ID",
				"a58-writer-unflushed");

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("héllo");
		List<ILoggingEvent> lines = this.log.awaitOf("a58-writer-unflushed");
		assertThat(lines).hasSize(1);
		assertThat(AccessLogEvents.fields(lines.get(0))).containsEntry("http.response.status_code", 201)
			.containsEntry("http.response.body.bytes", 6L);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		/**
		 * Outside every filter: tells the writing thread when the request's first dispatch has
		 * left the filters, so the answer is written after they returned, as a slower
		 * application thread would write it, every time rather than when the race falls so.
		 */
		@Bean
		FilterRegistrationBean<OncePerRequestFilter> firstDispatchDone() {
			FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
					new OncePerRequestFilter() {

						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) throws ServletException, IOException {
							CountDownLatch done = new CountDownLatch(1);
							request.setAttribute(DONE, done);
							try {
								chain.doFilter(request, response);
							}
							finally {
								done.countDown();
							}
						}

					});
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

	@RestController
	static class TestController {

		@GetMapping("/writer")
		void writer(HttpServletRequest request, HttpServletResponse response, boolean flush) {
			AsyncContext async = request.startAsync(request, response);
			CountDownLatch done = (CountDownLatch) request.getAttribute(DONE);
			EXECUTOR.execute(() -> {
				try {
					done.await(30, TimeUnit.SECONDS);
					response.setStatus(201);
					response.setContentType("text/plain;charset=UTF-8");
					response.getWriter().write("héllo");
					if (flush) {
						response.getWriter().flush();
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					async.complete();
				}
			});
		}

	}

}
