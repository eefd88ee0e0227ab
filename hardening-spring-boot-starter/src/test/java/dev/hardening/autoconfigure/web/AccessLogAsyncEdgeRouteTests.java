package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ch.qos.logback.classic.spi.ILoggingEvent;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * helper-59's attacks on the route of an asynchronous request's access-log line where
 * {@link AsyncController} has no handler for them: async started by a filter before Spring MVC
 * matched anything (timing out into the error page, or dispatched to a handler), a dispatch to a
 * path that sends an error, and a {@code sendError} after {@code complete()}. An application of
 * its own, for the filter.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AccessLogAsyncEdgeRouteTests.EdgeApplication.class,
		properties = AsyncApplication.PROPERTY_SLOW)
class AccessLogAsyncEdgeRouteTests {

	@RegisterExtension
	final AccessLogEvents log = new AccessLogEvents();

	@LocalServerPort
	private int port;

	/**
	 * Started by a filter, never reaching Spring MVC, timed out into the error page: nothing
	 * matched a route for the request, so the line has none, not the error controller's.
	 */
	@Test
	void anAsyncRequestAFilterStartedAndThatTimedOutHasNoRoute() {
		String answer = RawExchange.getUntilClosed(this.port, "/a59-filter/timeout", "a59-filter-timeout");

		assertThat(answer).startsWith("HTTP/1.1 500 ");
		Map<String, Object> fields = oneLine("a59-filter-timeout");
		assertThat(fields).containsEntry("http.response.status_code", 500).doesNotContainKey("http.route");
	}

	/** Started by a filter, then dispatched to Spring MVC: the route of the handler that answered. */
	@Test
	void anAsyncRequestAFilterStartedThenDispatchedHasTheHandlersRoute() {
		String answer = RawExchange.getUntilClosed(this.port, "/a59-filter/dispatch", "a59-filter-dispatch");

		assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("handled");
		assertThat(oneLine("a59-filter-dispatch")).containsEntry("http.route", "/a59-filter/dispatch");
	}

	/**
	 * Dispatched to a path no handler maps: the line is the dispatch's, for the path dispatched to,
	 * and carries no route of the handler that started the request (its attribute is still there).
	 */
	@Test
	void aDispatchToAPathNoHandlerMapsDoesNotCarryTheFirstHandlersRoute() {
		String answer = RawExchange.getUntilClosed(this.port, "/a59/dispatch-missing", "a59-dispatch-missing");

		assertThat(answer).startsWith("HTTP/1.1 404 ");
		Map<String, Object> fields = oneLine("a59-dispatch-missing");
		assertThat(fields).containsEntry("http.response.status_code", 404);
		assertThat(fields.get("http.route")).isNotIn("/a59/dispatch-missing", "/error");
	}

	/** Dispatched to a handler that sends an error: that handler's route, not the error page's. */
	@Test
	void aDispatchToAHandlerThatSendsAnErrorHasThatHandlersRoute() {
		String answer = RawExchange.getUntilClosed(this.port, "/a59/dispatch-error", "a59-dispatch-error");

		assertThat(answer).startsWith("HTTP/1.1 503 ");
		assertThat(oneLine("a59-dispatch-error")).containsEntry("http.response.status_code", 503)
			.containsEntry("http.route", "/a59/sends-error");
	}

	/**
	 * A sendError after complete(), on the async thread (the Servlet API forbids using the
	 * response then; Tomcat lets it through): Tomcat completes on one of its own threads later, so
	 * the error may still win the race, and the client then gets the error page. The line is
	 * written when the listeners hear of the completion, which may be before the error: its status
	 * may be the 200 the client did not get (seen by helper-59; an application's misuse, left as it
	 * is). Whatever the race, the route is the handler's, never the error page's.
	 */
	@Test
	void aSendErrorAfterCompleteIsLoggedAsAnsweredWithTheHandlersRoute() {
		// rounds, for both outcomes of the race
		for (int round = 0; round < 10; round++) {
			String id = "a59-error-after-complete-" + round;
			String answer = RawExchange.getUntilClosed(this.port, "/a59/error-after-complete", id);

			int status = Integer.parseInt(answer.substring(9, 12));
			assertThat(status).as(answer).isIn(200, 500);
			assertThat(oneLine(id)).as(id)
				.hasEntrySatisfying("http.response.status_code", (logged) -> assertThat(logged).isIn(200, 500))
				.containsEntry("http.route", "/a59/error-after-complete");
		}
	}

	private Map<String, Object> oneLine(String requestId) {
		List<ILoggingEvent> lines = this.log.awaitOf(requestId);
		assertThat(lines).as("lines of %s, all: %s", requestId, this.log.all()).hasSize(1);
		return AccessLogEvents.fields(lines.get(0));
	}

	/** Sends a GET with a request ID and reads until Tomcat closes the connection. */

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EdgeController.class)
	static class EdgeApplication {

		/** Starts async before Spring MVC sees the request (on its first dispatch only). */
		@Bean
		FilterRegistrationBean<Filter> a59AsyncStartingFilter(EdgeController controller) {
			Filter filter = (request, response, chain) -> {
				String uri = ((HttpServletRequest) request).getRequestURI();
				if (uri.endsWith("/timeout")) {
					request.startAsync().setTimeout(50);
					return;
				}
				AsyncContext async = request.startAsync();
				controller.executor.execute(async::dispatch);
			};
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
			registration.addUrlPatterns("/a59-filter/*");
			return registration;
		}

	}

	@RestController
	static class EdgeController {

		final ExecutorService executor = Executors.newFixedThreadPool(2);

		@PreDestroy
		void stop() {
			this.executor.shutdown();
		}

		@GetMapping("/a59-filter/dispatch")
		String filterDispatched() {
			return "handled";
		}

		@GetMapping("/a59/dispatch-error")
		void dispatchError(HttpServletRequest request) {
			AsyncContext async = request.startAsync();
			this.executor.execute(() -> async.dispatch("/a59/sends-error"));
		}

		@GetMapping("/a59/dispatch-missing")
		void dispatchMissing(HttpServletRequest request) {
			AsyncContext async = request.startAsync();
			this.executor.execute(() -> async.dispatch("/a59/no-such-path"));
		}

		@GetMapping("/a59/sends-error")
		void sendsError(HttpServletResponse response) throws IOException {
			response.sendError(503);
		}

		@GetMapping("/a59/error-after-complete")
		void errorAfterComplete(HttpServletRequest request, HttpServletResponse response) {
			AsyncContext async = request.startAsync(request, response);
			this.executor.execute(() -> {
				try {
					response.setContentType("text/plain");
					response.getOutputStream().write("done".getBytes(StandardCharsets.US_ASCII));
					async.complete();
					response.sendError(500);
				}
				catch (IOException | IllegalStateException ex) {
					// committed or completed: the container refuses it, as it should
				}
			});
		}

	}

}
