package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.requestid.RequestIdFilter;
import dev.hardening.web.TrustedProxies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Nested;
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
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The line of a request answered through {@code sendError}, by a handler or by a filter inside
 * the access log's (Spring Security's {@code 401} and {@code 403}: {@code SecurityAccessLogTests}),
 * is written once the container has written the error page: with the page's problem code and
 * bytes, the request's own path and route, once. Found by helper-74: the line was written as the
 * request's dispatch ended, before the error page, with {@code http.response.body.bytes=0} and no
 * {@code error.code}, and the rejection counts missed the code too. An application without an
 * error page for every status (Boot registers one, unless its error controller is left out) still
 * gets its one line, as the dispatch ends, as before.
 */
class AccessLogErrorPageTests {

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = App.class)
	class WithBootsErrorPage {

		@RegisterExtension
		final AccessLogEvents log = new AccessLogEvents();

		@LocalServerPort
		private int port;

		@Test
		void aHandlersSendErrorIsLoggedWithTheErrorPagesCodeAndBytes() {
			RawExchange.Response response = RawExchange.send(this.port, "GET", "/fails/7", null, new byte[0], false);

			assertThat(response.status()).isEqualTo(503);
			assertThat(response.body()).contains("\"code\":\"SERVICE_UNAVAILABLE\"");
			Map<String, Object> fields = AccessLogEvents.fields(onlyLine(this.log, "GET /fails/7 "));
			assertThat(fields).containsEntry("http.response.status_code", 503)
				.containsEntry("error.code", "SERVICE_UNAVAILABLE")
				.containsEntry("http.route", "/fails/{id}")
				.containsEntry("url.path", "/fails/7")
				.containsEntry("http.response.body.bytes", (long) response.body().getBytes(StandardCharsets.UTF_8).length);
		}

		@Test
		void aFiltersSendErrorIsLoggedWithTheErrorPagesCodeAndBytes() {
			RawExchange.Response response = RawExchange.send(this.port, "GET", "/blocked?x=1", null, new byte[0],
					false);

			assertThat(response.status()).isEqualTo(404);
			Map<String, Object> fields = AccessLogEvents.fields(onlyLine(this.log, "GET /blocked "));
			assertThat(fields).containsEntry("http.response.status_code", 404)
				.containsEntry("error.code", "NOT_FOUND")
				.containsEntry("url.path", "/blocked")
				.containsEntry("url.query", "x=1")
				.containsEntry("http.response.body.bytes", (long) response.body().getBytes(StandardCharsets.UTF_8).length);
		}

	}

	/**
	 * Without an error page for every status, an error dispatch may not come: the line is written
	 * as the request's dispatch ends, once, as before (without the page's code and bytes); so is a
	 * {@code sendError} below 400, which the container never pages.
	 */
	@Nested
	class WhenNoErrorDispatchComes {

		@RegisterExtension
		final AccessLogEvents log = new AccessLogEvents();

		@Test
		void withoutAGlobalErrorPageASendErrorIsLoggedAsTheDispatchEnds() throws Exception {
			MockHttpServletRequest request = request("/fails/9", "no-error-page");

			filter(false).doFilter(request, new MockHttpServletResponse(),
					(req, res) -> ((HttpServletResponse) res).sendError(503));

			assertThat(AccessLogEvents.fields(onlyLine(this.log, "GET /fails/9 503 "))).containsEntry("url.path",
					"/fails/9");
		}

		@Test
		void aSendErrorBelow400IsLoggedAsTheDispatchEnds() throws Exception {
			MockHttpServletRequest request = request("/moved/9", "below-400");

			filter(true).doFilter(request, new MockHttpServletResponse(),
					(req, res) -> ((HttpServletResponse) res).sendError(304));

			// no request ID filter here: the line is found by its message, as in the test above
			assertThat(AccessLogEvents.fields(onlyLine(this.log, "GET /moved/9 304 "))).containsEntry("url.path",
					"/moved/9");
		}

		private static AccessLogFilter filter(boolean errorPages) {
			return new AccessLogFilter(new HardeningWebProperties().getAccessLog(),
					PathPatterns.of(List.of(), "", List.of(), ""), new ClientAddressResolver(TrustedProxies.none()),
					new WebRejections(), null, errorPages);
		}

		private static MockHttpServletRequest request(String path, String requestId) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
			request.setAttribute(RequestIdFilter.ATTRIBUTE, requestId);
			return request;
		}

	}

	private static ILoggingEvent onlyLine(AccessLogEvents log, String prefix) {
		List<ILoggingEvent> lines = log.all()
			.stream()
			.filter((event) -> event.getFormattedMessage().startsWith(prefix))
			.toList();
		assertThat(lines).as("lines starting %s", prefix).hasSize(1);
		return lines.get(0);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Failing.class)
	static class App {

		/** An application filter inside the access log's that refuses a path with sendError. */
		@Bean
		FilterRegistrationBean<OncePerRequestFilter> blocking() {
			FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
					new OncePerRequestFilter() {

						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) throws ServletException, IOException {
							if (request.getRequestURI().equals("/blocked")) {
								response.sendError(404);
								return;
							}
							chain.doFilter(request, response);
						}

					});
			registration.setOrder(0);
			return registration;
		}

	}

	@RestController
	static class Failing {

		@GetMapping("/fails/{id}")
		void fails(HttpServletResponse response) throws IOException {
			response.sendError(503);
		}

	}

}
