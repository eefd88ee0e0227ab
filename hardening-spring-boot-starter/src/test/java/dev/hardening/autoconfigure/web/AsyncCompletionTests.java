package dev.hardening.autoconfigure.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.AsyncContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asynchronous requests, on a real Tomcat, whether the answer is written on an async dispatch
 * (Spring MVC's {@code Callable}), or the application ends it itself with
 * {@link AsyncContext#complete()} on another thread (no dispatch, so no filter wraps it again, and
 * the body is small, so nothing flushes or fills the buffer before the container commits it), or
 * it times out into an error page: the headers added at commit (the security headers, an error's
 * Cache-Control) are on the wire (raw socket), and the access log has one line for each, written
 * when the request completes if no dispatch wrote it, with the request's ID in the MDC as on its
 * own threads.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AsyncApplication.class,
		properties = { AsyncApplication.PROPERTY_SLOW, AsyncApplication.PROPERTY_TIMEOUT })
class AsyncCompletionTests {

	@RegisterExtension
	final AccessLogEvents log = new AccessLogEvents();

	@LocalServerPort
	private int port;

	@Test
	void aRequestTheApplicationCompletesItselfIsLoggedOnce() {
		HttpResponse<String> response = new TestHttp(this.port).get("/complete", "X-Request-ID", "async-complete-1");

		assertThat(response.body()).isEqualTo("{\"a\":\"b\"}");
		List<ILoggingEvent> lines = this.log.awaitOf("async-complete-1");
		assertThat(lines).hasSize(1);
		Map<String, Object> fields = AccessLogEvents.fields(lines.get(0));
		assertThat(fields).containsEntry("http.response.status_code", 202)
			.containsEntry("http.response.body.bytes", 9L)
			.containsEntry("url.path", "/complete");
		assertThat(lines.get(0).getFormattedMessage()).startsWith("GET /complete 202 ").contains("id=async-complete-1");
	}

	@Test
	void aResponseTheApplicationCompletesItselfCarriesTheSecurityHeaders() {
		RawExchange.Response response = RawExchange.send(this.port, "GET", "/complete", null, new byte[0], false);

		assertThat(response.status()).as(response.head()).isEqualTo(202);
		assertThat(response.body()).isEqualTo("{\"a\":\"b\"}");
		assertThat(response.header("X-Content-Type-Options")).as(response.head()).isEqualTo("nosniff");
		assertThat(response.header("X-Frame-Options")).as(response.head()).isEqualTo("DENY");
		assertThat(response.header("Content-Security-Policy")).as(response.head())
			.isEqualTo("default-src 'none'; frame-ancestors 'none'");
	}

	@Test
	void anErrorTheApplicationCompletesItselfIsNotStored() {
		RawExchange.Response response = RawExchange.send(this.port, "GET", "/complete-error", null, new byte[0],
				false);

		assertThat(response.status()).as(response.head()).isEqualTo(503);
		assertThat(response.header("Cache-Control")).as(response.head()).isEqualTo("no-store");
		assertThat(response.header("X-Content-Type-Options")).as(response.head()).isEqualTo("nosniff");
	}

	@Test
	void aRequestAnsweredOnTheAsyncDispatchIsLoggedOnce() {
		HttpResponse<String> response = new TestHttp(this.port).get("/callable", "X-Request-ID", "async-callable-1");

		assertThat(response.body()).isEqualTo("{\"c\":\"d\"}");
		List<ILoggingEvent> lines = this.log.awaitOf("async-callable-1");
		assertThat(lines).hasSize(1);
		assertThat(AccessLogEvents.fields(lines.get(0))).containsEntry("http.response.status_code", 200);
	}

	@Test
	void aRequestThatTimesOutIsLoggedOnceWithTheErrorStatus() {
		HttpResponse<String> response = new TestHttp(this.port).get("/never", "X-Request-ID", "async-timeout-1");

		List<ILoggingEvent> lines = this.log.awaitOf("async-timeout-1");
		assertThat(lines).hasSize(1);
		assertThat(AccessLogEvents.fields(lines.get(0))).containsEntry("http.response.status_code",
				response.statusCode());
		assertThat(response.statusCode()).isGreaterThanOrEqualTo(500);
	}

}
