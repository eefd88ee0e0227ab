package dev.hardening.autoconfigure.web;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.requestid.RequestIdFilter;
import dev.hardening.web.TrustedProxies;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log's message: one line of its own, with the request ID and the client, for plain
 * text logs whose pattern has no MDC in it.
 */
class AccessLogMessageTests {

	private final AccessLogEvents events = new AccessLogEvents();

	@BeforeEach
	void listen() {
		this.events.listen();
	}

	@AfterEach
	void stop() {
		this.events.stop();
		MDC.remove(RequestIdFilter.MDC_KEY);
	}

	@Test
	void takesTheRequestIdFromTheRequestIdFilter() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items/1");
		request.setAttribute(RequestIdFilter.ATTRIBUTE, "msg-1");
		request.setRemoteAddr("203.0.113.9");

		ILoggingEvent event = logged(filter(Duration.ofHours(1)), request, "msg-1");

		assertThat(event.getFormattedMessage()).matches("GET /items/1 200 \\d+ ms id=msg-1 client=203\\.0\\.113\\.9");
	}

	@Test
	void takesTheRequestIdFromTheMdcWhenTheRequestIdFilterIsOff() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("DELETE", "/items/1");

		ILoggingEvent event = logged(filter(Duration.ofHours(1)), request, "msg-2");

		assertThat(event.getFormattedMessage()).matches("DELETE /items/1 200 \\d+ ms id=msg-2 client=127\\.0\\.0\\.1");
	}

	@Test
	void writesADashForARequestWithoutId() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items/1");

		filter(Duration.ofHours(1)).doFilter(request, new MockHttpServletResponse(), (req, res) -> {
		});

		assertThat(this.events.all()).singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage()).endsWith(" ms id=- client=127.0.0.1"));
	}

	@Test
	void marksASlowRequestBeforeItsIdAndClient() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/items");

		ILoggingEvent event = logged(filter(Duration.ZERO), request, "msg-3");

		assertThat(event.getLevel().toString()).isEqualTo("WARN");
		assertThat(event.getFormattedMessage()).matches("POST /items 200 \\d+ ms \\(slow\\) id=msg-3 client=127\\.0\\.0\\.1");
	}

	@Test
	void staysOneLineWhateverTheClientSent() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items/a\r\nGET /forged 200 1 ms\u2028x");
		request.setRemoteAddr("evil\nhost");

		ILoggingEvent event = logged(filter(Duration.ofHours(1)), request, "msg-4");

		assertThat(event.getFormattedMessage())
			.matches("GET /items/a\\\\r\\\\nGET /forged 200 1 ms\\\\u2028x 200 \\d+ ms id=msg-4 client=evil\\\\nhost")
			.doesNotContain("\r", "\n", "\u2028");
	}

	@Test
	void keepsTheFieldsBesideTheMessage() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items/1");
		request.setRemoteAddr("203.0.113.9");

		ILoggingEvent event = logged(filter(Duration.ofHours(1)), request, "msg-5");

		assertThat(AccessLogEvents.fields(event)).containsEntry("http.request.method", "GET")
			.containsEntry("url.path", "/items/1")
			.containsEntry("http.response.status_code", 200)
			.containsEntry("client.address", "203.0.113.9")
			.containsKeys("event.duration_ms", "http.response.body.bytes");
	}

	private ILoggingEvent logged(AccessLogFilter filter, MockHttpServletRequest request, String requestId)
			throws Exception {
		MDC.put(RequestIdFilter.MDC_KEY, requestId);
		FilterChain chain = (req, res) -> {
		};
		filter.doFilter(request, new MockHttpServletResponse(), chain);
		List<ILoggingEvent> logged = this.events.of(requestId);
		assertThat(logged).hasSize(1);
		return logged.get(0);
	}

	private static AccessLogFilter filter(Duration slowThreshold) {
		HardeningWebProperties.AccessLog properties = new HardeningWebProperties().getAccessLog();
		properties.setSlowThreshold(slowThreshold);
		return new AccessLogFilter(properties, PathPatterns.of(List.of(), "", List.of(), ""),
				new ClientAddressResolver(TrustedProxies.none()), new WebRejections(), null);
	}

}
