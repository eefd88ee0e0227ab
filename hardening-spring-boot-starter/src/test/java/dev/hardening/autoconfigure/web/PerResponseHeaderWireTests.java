package dev.hardening.autoconfigure.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import dev.hardening.requestid.RequestIds;
import jakarta.servlet.http.HttpServletResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attacker's look at the headers made per response that go to Tomcat as bytes (request ID,
 * ETag, RateLimit, Access-Control-Allow-Origin and -Expose-Headers), read on the wire of a real
 * embedded Tomcat through a raw socket: client-influenced values (an incoming request ID, an
 * Origin that a pattern echoes) never bring a line of their own, and responses that follow one
 * another on one keep-alive connection (Tomcat reusing its header fields and their buffers)
 * carry each its own values, whatever their lengths; and the bytes behave as
 * {@code setHeader}/{@code addHeader} would (one field when the application set the same name
 * in another case, after a reset, an error dispatch, an async request, a rejection).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = PerResponseHeaderWireTests.TestApplication.class,
		properties = { "hardening.web.cors.mappings[0].paths=/**",
				"hardening.web.cors.mappings[0].allowed-origin-patterns=https://*.example.com",
				"hardening.rate-limit.policies[0].name=tight", "hardening.rate-limit.policies[0].paths=/limited",
				"hardening.rate-limit.policies[0].key=ip", "hardening.rate-limit.policies[0].limits[0].capacity=1",
				"hardening.rate-limit.policies[0].limits[0].period=1h", "hardening.web.access-log.enabled=true",
				"hardening.request-id.trust-incoming=true" })
class PerResponseHeaderWireTests {

	/** A header line: a token, a colon, a space, and a value with no CR or LF. */
	private static final Pattern HEADER_LINE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+: [^\r\n]*");

	private static final Pattern STATUS = Pattern.compile("(?=HTTP/1\\.1 \\d{3} )");

	@LocalServerPort
	private int port;

	/**
	 * Many requests on one connection, each with a request ID and an Origin of another length
	 * (long, then short, then long), some not safe (obs-text, TAB, percent-encoded, unicode sent
	 * as UTF-8 bytes): each response carries its own request ID (the incoming one if safe, else
	 * a new one), echoes its own Origin as it came if the pattern takes it, and has no line a
	 * value made.
	 */
	@Test
	void responsesOnOneConnectionCarryEachTheirOwnValuesAndNoValueMakesALine() {
		Arbitrary<String> safeId = Arbitraries.strings().withChars("abcXYZ0189-_.").ofMinLength(1).ofMaxLength(64);
		Arbitrary<String> unsafeId = Arbitraries.oneOf(Arbitraries.strings().withCharRange('\u0080', '\u00ff')
			.ofMinLength(1)
			.ofMaxLength(20)
			.map((s) -> "id" + s + "x"), Arbitraries.of("a%0d%0aSet-Cookie:%20x=y", "a\tb", "caf\u00c3\u00a9",
					"x".repeat(300), "a b", "a;b", "a\"b"));
		Arbitrary<String> label = Arbitraries.oneOf(
				Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(60),
				Arbitraries.strings()
					.withCharRange('!', '~')
					.withCharRange('\u00a0', '\u00ff')
					.withChars('\t', ' ')
					.ofMinLength(1)
					.ofMaxLength(40));
		List<String> ids = new ArrayList<>();
		List<String> origins = new ArrayList<>();
		List<String> idSamples = Arbitraries.oneOf(safeId, unsafeId).sampleStream().limit(60).toList();
		List<String> labels = label.sampleStream().limit(60).toList();
		for (int i = 0; i < 60; i++) {
			// lengths that go up and down, so a short value follows a long one in a reused field
			String id = idSamples.get(i);
			ids.add((i % 2 == 0) ? id : id.substring(0, Math.max(1, id.length() / 4)));
			origins.add("https://" + ((i % 3 == 0) ? labels.get(i) : "a".repeat(i % 7 + 1)) + ".example.com");
		}

		List<String> responses = pipelined(ids.size(), (i) -> "GET /json HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: "
				+ ids.get(i) + "\r\nOrigin: " + origins.get(i) + "\r\n");

		assertThat(responses).hasSize(ids.size());
		for (int i = 0; i < ids.size(); i++) {
			String response = responses.get(i);
			List<String> lines = headerLines(response);
			// an Origin the pattern does not take is refused (403), with no CORS header
			assertThat(response).as(ids.get(i)).matches("(?s)HTTP/1\\.1 (200|403) .*");
			assertThat(lines).as(response).allMatch((line) -> HEADER_LINE.matcher(line).matches());
			List<String> requestIds = values(lines, "X-Request-ID");
			assertThat(requestIds).as(response).hasSize(1);
			if (RequestIds.isValid(ids.get(i))) {
				assertThat(requestIds).as(response).containsExactly(ids.get(i));
			}
			else {
				assertThat(requestIds.get(0)).as(response).isNotEqualTo(ids.get(i)).matches("[A-Za-z0-9._-]+");
			}
			List<String> allowOrigin = values(lines, "Access-Control-Allow-Origin");
			assertThat(allowOrigin).as(response).hasSizeLessThanOrEqualTo(1);
			if (origins.get(i).matches("https://[a-z0-9-]+\\.example\\.com")) {
				assertThat(allowOrigin).as(response).containsExactly(origins.get(i));
			}
			else if (origins.get(i).chars().allMatch((c) -> c > ' ' && c <= '~')) {
				// visible ASCII the pattern may take: echoed as it came, if at all
				assertThat(allowOrigin).as(response).allMatch(origins.get(i)::equals);
			}
			else {
				// obs-text, TAB or space: Spring's processor decides (the pattern's * takes any
				// label that parses); echoed, if at all, as it came (as text: not printable ASCII)
				assertThat(allowOrigin).as(response).allMatch(origins.get(i)::equals);
			}
			if (response.startsWith("HTTP/1.1 200 ")) {
				assertThat(allowOrigin).as(response).hasSize(1);
				assertThat(values(lines, "ETag")).as(response)
					.singleElement()
					.matches((etag) -> etag.matches("W/\"[A-Za-z0-9_-]+\""));
			}
			else {
				assertThat(allowOrigin).as(response).isEmpty();
			}
		}
	}

	/**
	 * An Origin with obs-text or a TAB in it, which a pattern's {@code *} would take, is refused
	 * (403, no Access-Control-Allow-Origin): it is not echoed at all, and no line is made.
	 */
	@Test
	void anOriginWithObsTextOrTabIsRefusedNotEchoed() {
		List<String> origins = List.of("https://a\u00e9b.example.com", "https://a\tb.example.com",
				"https://\u00ff.example.com", "https://a b.example.com");
		List<String> responses = pipelined(origins.size(),
				(i) -> "GET /json HTTP/1.1\r\nHost: localhost\r\nOrigin: " + origins.get(i) + "\r\n");

		assertThat(responses).hasSize(origins.size());
		for (int i = 0; i < origins.size(); i++) {
			String response = responses.get(i);
			assertThat(response).as(origins.get(i)).startsWith("HTTP/1.1 403 ");
			List<String> lines = headerLines(response);
			assertThat(values(lines, "Access-Control-Allow-Origin")).as(origins.get(i)).isEmpty();
			assertThat(lines).allMatch((line) -> HEADER_LINE.matcher(line).matches());
		}
	}

	@Test
	void theApplicationsOwnValueInAnotherCaseReplacesTheRequestIdAndStopsTheEtag() {
		String response = pipelined(1, (i) -> "GET /own HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: theirs-1\r\n").get(0);

		List<String> lines = headerLines(response);
		assertThat(values(lines, "X-Request-ID")).containsExactly("mine");
		assertThat(values(lines, "ETag")).containsExactly("\"own\"");
	}

	@Test
	void aResetTakesTheRequestIdWithTheOtherHeadersAsItDoesATextOne() {
		String response = pipelined(1, (i) -> "GET /reset HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: reset-1\r\n"
				+ "Origin: https://a.example.com\r\n").get(0);

		List<String> lines = headerLines(response);
		assertThat(lines).noneMatch((line) -> line.startsWith("X-Before:"));
		assertThat(values(lines, "X-Request-ID")).hasSizeLessThanOrEqualTo(1);
		assertThat(values(lines, "Access-Control-Allow-Origin")).hasSizeLessThanOrEqualTo(1);
		assertThat(values(lines, "ETag")).hasSizeLessThanOrEqualTo(1);
	}

	@Test
	void anErrorDispatchCarriesTheRequestIdOnce() {
		String response = pipelined(1, (i) -> "GET /fail HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: error-1\r\n"
				+ "Origin: https://a.example.com\r\n").get(0);

		assertThat(response).startsWith("HTTP/1.1 400 ");
		List<String> lines = headerLines(response);
		assertThat(values(lines, "X-Request-ID")).containsExactly("error-1");
		assertThat(values(lines, "Access-Control-Allow-Origin")).hasSizeLessThanOrEqualTo(1)
			.allMatch("https://a.example.com"::equals);
		assertThat(lines).filteredOn((line) -> line.startsWith("Content-Type:"))
			.containsExactly("Content-Type: application/problem+json");
	}

	@Test
	void anAsyncRequestCarriesTheRequestIdOnce() {
		List<String> responses = pipelined(3, (i) -> "GET /async HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: async-"
				+ "x".repeat(30 - 10 * i) + "\r\nOrigin: https://" + "b".repeat(20 - 5 * i) + ".example.com\r\n");

		for (int i = 0; i < 3; i++) {
			List<String> lines = headerLines(responses.get(i));
			assertThat(values(lines, "X-Request-ID")).containsExactly("async-" + "x".repeat(30 - 10 * i));
			assertThat(values(lines, "Access-Control-Allow-Origin"))
				.containsExactly("https://" + "b".repeat(20 - 5 * i) + ".example.com");
			assertThat(lines).allMatch((line) -> HEADER_LINE.matcher(line).matches());
		}
	}

	@Test
	void aRejectionCarriesOneRateLimitAndTheRequestId() {
		List<String> responses = pipelined(2,
				(i) -> "GET /limited HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: limited-" + i + "\r\n");

		assertThat(responses.get(0)).startsWith("HTTP/1.1 200 ");
		assertThat(responses.get(1)).startsWith("HTTP/1.1 429 ");
		for (int i = 0; i < 2; i++) {
			List<String> lines = headerLines(responses.get(i));
			assertThat(values(lines, "RateLimit")).as(responses.get(i))
				.singleElement()
				.matches((value) -> value.matches("\"tight\";r=0;t=\\d+"));
			assertThat(values(lines, "X-Request-ID")).containsExactly("limited-" + i);
		}
		assertThat(headerLines(responses.get(1))).contains("Content-Type: application/problem+json");
	}

	/**
	 * Sends requests on one connection, all at once, the last with {@code Connection: close},
	 * and reads the responses until the server closes it.
	 */
	private List<String> pipelined(int count, java.util.function.IntFunction<String> request) {
		ByteArrayOutputStream requests = new ByteArrayOutputStream();
		for (int i = 0; i < count; i++) {
			String head = request.apply(i) + ((i == count - 1) ? "Connection: close\r\n" : "") + "\r\n";
			requests.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
		}
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(requests.toByteArray());
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			String all = response.toString(StandardCharsets.ISO_8859_1);
			return List.of(STATUS.split(all)).stream().filter((part) -> !part.isEmpty()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> headerLines(String response) {
		String head = response.substring(0, response.indexOf("\r\n\r\n"));
		List<String> lines = List.of(head.split("\r\n", -1));
		return lines.subList(1, lines.size());
	}

	private static List<String> values(List<String> lines, String name) {
		return lines.stream()
			.filter((line) -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
			.map((line) -> line.substring(name.length() + 2))
			.toList();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		@GetMapping("/json")
		Map<String, String> json() {
			return Map.of("a", "b");
		}

		@GetMapping("/limited")
		Map<String, String> limited() {
			return Map.of("a", "b");
		}

		@GetMapping("/own")
		Map<String, String> own(HttpServletResponse response) {
			response.setHeader("x-request-id", "mine");
			response.setHeader("etag", "\"own\"");
			return Map.of("a", "b");
		}

		@GetMapping("/reset")
		Map<String, String> reset(HttpServletResponse response) {
			response.setHeader("X-Before", "1");
			response.reset();
			return Map.of("a", "b");
		}

		@GetMapping("/fail")
		void fail(HttpServletResponse response) throws IOException {
			response.sendError(400);
		}

		@GetMapping("/async")
		Callable<Map<String, String>> async() {
			return () -> Map.of("a", "b");
		}

	}

}
