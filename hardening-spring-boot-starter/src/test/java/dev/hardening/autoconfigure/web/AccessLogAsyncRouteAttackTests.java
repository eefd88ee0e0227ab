package dev.hardening.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * helper-59's attacks on the route of an asynchronous request's access-log line, now taken when
 * the dispatch that started it returns: every way an async request ends on {@link AsyncController}
 * (a Spring timeout, a Callable or DeferredResult that fails, a dispatch to another handler, a
 * second async cycle, a Servlet timeout, a sendError on the async thread), one at a time and 40
 * at once. Each line's route is the one of the handler that answered, never {@code /error},
 * never another request's. The same application and properties as {@link AccessLogAsyncRouteTests}:
 * one Tomcat for them. Read raw until Tomcat closes the connection, then the line is awaited.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AsyncApplication.class,
		properties = { AsyncApplication.PROPERTY_SLOW, AsyncApplication.PROPERTY_TIMEOUT })
class AccessLogAsyncRouteAttackTests {

	@RegisterExtension
	final AccessLogEvents log = new AccessLogEvents();

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@CsvSource({ "/deferred-timeout, 503, /deferred-timeout", "/callable-throws, 500, /callable-throws",
			"/deferred-error, 500, /deferred-error", "/restart, 202, /restart", "/complete-now, 200, /complete-now",
			"/send-error/7, 503, /send-error/{id}", "/never/7, 500, /never/{id}", "/sync-error/7, 503, /sync-error/{id}",
			"/task-timeout, 200, /task-timeout" })
	void eachWayAnAsyncRequestEndsLogsTheHandlersRoute(String path, int status, String route) {
		String id = "a59-route-" + path.replaceAll("[^a-z0-9]", "");
		String answer = RawExchange.getUntilClosed(this.port, path, id);

		assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
		Map<String, Object> fields = oneLine(id);
		assertThat(fields).containsEntry("http.response.status_code", status)
			.containsEntry("http.route", route);
	}

	/**
	 * {@code AsyncContext.dispatch(path)} to another handler: the async dispatch logs the line,
	 * with the route of the handler that answered, and the path it was dispatched to.
	 */
	@Test
	void aDispatchToAnotherHandlerLogsThatHandlersRoute() {
		String answer = RawExchange.getUntilClosed(this.port, "/raw-dispatch", "a59-raw-dispatch");

		assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("dispatched");
		ILoggingEvent line = line("a59-raw-dispatch");
		assertThat(AccessLogEvents.fields(line)).containsEntry("http.route", "/dispatched");
	}

	@Test
	void fortyMixedRequestsAtOnceEachLogTheirOwnHandlersRoute() {
		String[][] kinds = { { "/send-error/", "503", "/send-error/{id}" }, { "/never/", "500", "/never/{id}" },
				{ "/sync-error/", "503", "/sync-error/{id}" }, { "/deferred-timeout", "503", "/deferred-timeout" },
				{ "/callable-throws", "500", "/callable-throws" }, { "/restart", "202", "/restart" },
				{ "/complete-now", "200", "/complete-now" }, { "/raw-dispatch", "200", "/dispatched" } };
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<String> ids = new ArrayList<>();
			List<CompletableFuture<String>> answers = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String[] kind = kinds[i % kinds.length];
				String path = kind[0].endsWith("/") ? kind[0] + i : kind[0];
				String id = "a59-mixed-" + i;
				ids.add(id);
				answers.add(CompletableFuture.supplyAsync(() -> RawExchange.getUntilClosed(this.port, path, id), clients));
			}
			for (int i = 0; i < answers.size(); i++) {
				String[] kind = kinds[i % kinds.length];
				assertThat(answers.get(i).join()).as(ids.get(i)).startsWith("HTTP/1.1 " + kind[1] + " ");
				Map<String, Object> fields = oneLine(ids.get(i));
				assertThat(fields).as(ids.get(i))
					.containsEntry("http.response.status_code", Integer.parseInt(kind[1]))
					.containsEntry("http.route", kind[2]);
			}
			assertThat(this.log.all()).hasSize(40);
		}
		finally {
			clients.shutdown();
		}
	}

	private Map<String, Object> oneLine(String requestId) {
		return AccessLogEvents.fields(line(requestId));
	}

	private ILoggingEvent line(String requestId) {
		List<ILoggingEvent> lines = this.log.awaitOf(requestId);
		assertThat(lines).as("lines of %s, all: %s", requestId, this.log.all()).hasSize(1);
		return lines.get(0);
	}

	/** Sends a GET with a request ID and reads until Tomcat closes the connection. */

}
