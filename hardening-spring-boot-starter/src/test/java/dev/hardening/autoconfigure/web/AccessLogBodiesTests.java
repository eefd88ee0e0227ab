package dev.hardening.autoconfigure.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies in the access log, switched on, on a real Tomcat: JSON redacted, a body over the limit
 * neither kept nor logged but delivered whole, other media types and asynchronous responses
 * left out.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AccessLogBodiesTests.TestApplication.class,
		properties = { "hardening.web.access-log.slow-threshold=1h", "hardening.web.access-log.bodies.enabled=true",
				"hardening.web.access-log.bodies.max-size=256B" })
class AccessLogBodiesTests {

	static final String CAPTURING_REQUEST = AccessLogBodies.class.getName() + "$CapturingRequest";

	@RegisterExtension
	final AccessLogEvents log = new AccessLogEvents();

	@LocalServerPort
	private int port;

	@Test
	void logsBothJsonBodiesWithSecretsRedactedOnOneLine() {
		String body = "{\"user\":\"ann\",\"password\":\"hunter2\",\"card\":{\"number\":\"4111111111111111\","
				+ "\"expiry\":\"12/30\"},\"note\":\"two\\nlines \u2028 \u0085\"}";

		String response = new TestHttp(this.port).finished("POST", "/echo", "application/json", body, "X-Request-ID",
				"body-test-1");

		assertThat(response).as("the client gets the body as written").contains("hunter2", "4111111111111111");
		String redacted = "{\"user\":\"ann\",\"password\":\"***\",\"card\":{\"number\":\"***\",\"expiry\":\"12/30\"},"
				+ "\"note\":\"two\\nlines \\u2028 \\u0085\"}";
		assertThat(fields("body-test-1")).containsEntry("http.request.body.content", redacted)
			.containsEntry("http.response.body.content", redacted);
		assertThat(TestController.wrappers).contains(CAPTURING_REQUEST);
	}

	@Test
	void logsOnlyAMarkerForABodyOverTheLimitAndStillDeliversItWhole() {
		StringBuilder items = new StringBuilder();
		for (int i = 0; i < 200; i++) {
			items.append((i > 0) ? "," : "").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i).append("\"}");
		}
		String body = "{\"items\":[" + items + "],\"password\":\"hunter2\"}";
		int size = body.getBytes(StandardCharsets.UTF_8).length;

		String response = new TestHttp(this.port).finished("POST", "/count", "application/json", body, "X-Request-ID",
				"body-test-2");

		assertThat(size).isGreaterThan(4 * 256);
		assertThat(response).isEqualTo("{\"received\":" + size + ",\"lastPassword\":\"hunter2\"}");
		Map<String, Object> fields = fields("body-test-2");
		assertThat(fields).containsEntry("http.request.body.content", "{\"truncated\":true,\"size\":" + size + "}")
			.containsEntry("http.response.body.content", "{\"received\":" + size + ",\"lastPassword\":\"***\"}");
		assertThat(fields.toString()).doesNotContain("hunter2", "item 0");
	}

	@Test
	void logsNoBodyOfAnotherMediaType() {
		String response = new TestHttp(this.port).finished("POST", "/text", "text/plain", "password=hunter2",
				"X-Request-ID", "body-test-3");

		assertThat(response).isEqualTo("got password=hunter2");
		assertThat(fields("body-test-3")).containsEntry("http.response.status_code", 200)
			.doesNotContainKey("http.request.body.content")
			.doesNotContainKey("http.response.body.content");
	}

	@Test
	void logsOnlyAMarkerForJsonThatDoesNotParse() {
		String body = "{\"password\":\"hunter2\"";

		String response = new TestHttp(this.port).finished("POST", "/raw", "application/json", body, "X-Request-ID",
				"body-test-4");

		assertThat(response).isEqualTo("{\"length\":" + body.length() + "}");
		Map<String, Object> fields = fields("body-test-4");
		assertThat(fields).containsEntry("http.request.body.content",
				"{\"unparsable\":true,\"size\":" + body.length() + "}");
		assertThat(fields.toString()).doesNotContain("hunter2");
	}

	@Test
	void logsTheRequestBodyButNotTheResponseOfAnAsynchronousRequest() {
		String response = new TestHttp(this.port).finished("POST", "/async", "application/json",
				"{\"password\":\"hunter2\",\"a\":1}", "X-Request-ID", "body-test-5");

		assertThat(response).isEqualTo("{\"password\":\"hunter2\",\"a\":1}");
		assertThat(fields("body-test-5")).containsEntry("http.request.body.content", "{\"password\":\"***\",\"a\":1}")
			.doesNotContainKey("http.response.body.content");
	}

	private Map<String, Object> fields(String requestId) {
		List<ILoggingEvent> events = this.log.of(requestId);
		assertThat(events).hasSize(1);
		return AccessLogEvents.fields(events.get(0));
	}

	/**
	 * Names the classes of the wrappers around a request, as the application sees it.
	 * @param request the request
	 * @return the class names, outermost first
	 */
	static List<String> wrappers(HttpServletRequest request) {
		List<String> names = new ArrayList<>();
		ServletRequest current = request;
		while (current instanceof ServletRequestWrapper wrapper) {
			names.add(wrapper.getClass().getName());
			current = wrapper.getRequest();
		}
		return names;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		static volatile List<String> wrappers = List.of();

		@PostMapping("/echo")
		Map<String, Object> echo(@RequestBody Map<String, Object> body, HttpServletRequest request) {
			wrappers = wrappers(request);
			return body;
		}

		@PostMapping("/count")
		Map<String, Object> count(@RequestBody byte[] body) {
			String text = new String(body, StandardCharsets.UTF_8);
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("received", body.length);
			answer.put("lastPassword", text.substring(text.lastIndexOf(":\"") + 2, text.length() - 2));
			return answer;
		}

		@PostMapping(path = "/text", produces = "text/plain")
		String text(@RequestBody String body) {
			return "got " + body;
		}

		@PostMapping("/raw")
		Map<String, Object> raw(@RequestBody String body) {
			return Map.of("length", body.length());
		}

		@PostMapping("/async")
		Callable<Map<String, Object>> async(@RequestBody Map<String, Object> body) {
			return () -> body;
		}

	}

}
