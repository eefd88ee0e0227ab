package dev.hardening.autoconfigure.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge through a real Tomcat and raw sockets: what a client sees, and what the log says.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = WebHardeningResponsesTests.TestApplication.class,
		properties = { "hardening.web.allowed-hosts=localhost,*.example.com,127.0.0.1",
				"hardening.web.trusted-proxies=127.0.0.1", "hardening.web.headers.browser-paths=/pages/**",
				"hardening.web.cors.mappings[0].paths=/api/**",
				"hardening.web.cors.mappings[0].allowed-origins=https://app.example.com",
				"hardening.web.cors.mappings[0].allow-credentials=true" })
class WebHardeningResponsesTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void everyResponseCarriesTheApiHeadersAndNoServerHeader() {
		for (HttpResponse<String> response : new HttpResponse[] { this.http.get("/api/hello"),
				this.http.get("/api/missing"), this.http.get("/api/server-header") }) {
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(response.headers().firstValue("Content-Security-Policy"))
				.hasValue("default-src 'none'; frame-ancestors 'none'");
			assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
			assertThat(response.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
			assertThat(response.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("same-origin");
			assertThat(response.headers().firstValue("Permissions-Policy")).get().asString().contains("camera=()");
			assertThat(response.headers().firstValue("X-Permitted-Cross-Domain-Policies")).hasValue("none");
			assertThat(response.headers().firstValue("X-XSS-Protection")).isEmpty();
			assertThat(response.headers().firstValue("Server")).isEmpty();
			assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
			assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
		}
	}

	@Test
	void pagesGetTheBrowserPolicyAndTheApplicationsOwnHeaderWins() {
		assertThat(this.http.get("/pages/home").headers().firstValue("Content-Security-Policy")).get()
			.asString()
			.startsWith("default-src 'self';");
		assertThat(this.http.get("/api/framed").headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
	}

	@Test
	void hstsOnlyWhenATrustedProxySaysTheRequestCameOverHttps() {
		String https = raw("GET /api/hello HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Proto: https\r\n"
				+ "Connection: close\r\n\r\n");
		String http = raw("GET /api/hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertThat(https).contains("Strict-Transport-Security: max-age=31536000; includeSubDomains");
		assertThat(http).doesNotContain("Strict-Transport-Security");
	}

	@Test
	void aHostThatIsNotAllowedIsAProblemThatNeverEchoesIt() {
		String evil = raw("GET /api/hello HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
		assertThat(evil).startsWith("HTTP/1.1 400").contains("\"code\":\"INVALID_HOST\"").doesNotContain("evil.example")
			.contains("X-Content-Type-Options: nosniff");
		assertThat(raw("GET /api/hello HTTP/1.1\r\nHost: API.EXAMPLE.COM:8443\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 200");
		assertThat(raw("GET /api/hello HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 400");
		assertThat(raw("GET /actuator/health/liveness HTTP/1.1\r\nHost: 10.9.8.7\r\nConnection: close\r\n\r\n"))
			.doesNotContain("INVALID_HOST");
	}

	@Test
	void aCrossOriginRequestFromAnotherOriginIsAProblemAndAPreflightFromAnAllowedOneIsAnswered() {
		HttpResponse<String> refused = this.http.get("/api/hello", "Origin", "https://evil.example");
		HttpResponse<String> preflight = this.http.send("OPTIONS", "/api/hello", null, "Origin",
				"https://app.example.com", "Access-Control-Request-Method", "POST");
		HttpResponse<String> allowed = this.http.get("/api/hello", "Origin", "https://app.example.com");

		assertProblem(refused, 403, "CORS_REJECTED");
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers")).get()
			.asString()
			.contains("X-Request-ID", "RateLimit", "ETag", "Link");
	}

	@Test
	void aTwoMegabyteChunkedBodyIsStoppedAtTheLimit() {
		String response = chunked("/api/echo", 2 * 1024 * 1024);
		assertThat(response).startsWith("HTTP/1.1 413").contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
		HttpResponse<String> declared = this.http.post("/api/echo", "application/json",
				"{\"text\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
		assertProblem(declared, 413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void aJsonDepthBombIsAProblem() {
		HttpResponse<String> response = this.http.post("/api/echo", "application/json", "[".repeat(100_000));

		assertProblem(response, 400, "BODY_TOO_COMPLEX");
	}

	@Test
	void aJsonStringPastItsLimitIsTooComplexBeforeTheBodyLimitIsReached() throws Exception {
		// chunked, so no Content-Length refuses it unread: 1.5 MB, one string of 1.5 million characters
		byte[] body = ("[\"" + "a".repeat(1_500_000) + "\"]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
		java.net.http.HttpRequest request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/api/echo"))
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
			.build();

		HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(request, HttpResponse.BodyHandlers.ofString());

		// Jackson's string limit (a million characters) comes before the 1 MB body limit: its own 400
		assertProblem(response, 400, "BODY_TOO_COMPLEX");
	}

	@Test
	void containerRejectionsAnswerWithProblemsToo(CapturedOutput output) {
		String headers = raw("GET /api/hello HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
				+ "\r\nConnection: close\r\n\r\n");
		StringBuilder query = new StringBuilder("/api/hello?");
		for (int i = 0; i < 10_000; i++) {
			query.append("p").append(i).append("=1&");
		}
		String parameters = raw("GET " + query + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		String badTarget = raw("GET /api/hello?x=<b> HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		String manyParameters = raw("GET /api/hello?" + "a=&".repeat(1500) + " HTTP/1.1\r\nHost: localhost\r\n"
				+ "Connection: close\r\n\r\n");

		assertThat(headers).contains("application/problem+json").contains("\"code\":\"HEADERS_TOO_LARGE\"");
		assertThat(parameters).startsWith("HTTP/1.1 431").contains("\"code\":\"HEADERS_TOO_LARGE\"");
		assertThat(manyParameters).contains("application/problem+json").contains("\"code\":\"TOO_MANY_PARAMETERS\"");
		assertThat(badTarget).startsWith("HTTP/1.1 400").contains("application/problem+json")
			.contains("\"detail\":\"The server could not read this request.\"")
			// no path is known when the request line cannot be read, and no filter has run: errors.md says so
			.doesNotContain("\"instance\"").doesNotContain("\"requestId\"");
		assertThat(output.getOut()).doesNotContain("\tat org.apache");
	}

	@Test
	void controlCharactersInAHeaderAreAProblem(CapturedOutput output) {
		// Tomcat rejects these before any servlet code runs; errors.md's Limitations list them
		Map<String, String> headerLines = new LinkedHashMap<>();
		headerLines.put("a \\x01 in a value", "X-Test: a\u0001b");
		headerLines.put("a \\x00 in a value", "X-Test: a\u0000b");
		headerLines.put("a \\x7f in a value", "X-Test: a\u007fb");
		headerLines.put("a bare CR in a value", "X-Test: a\rb");
		headerLines.put("a \\x01 in a name", "X-T\u0001est: a");
		headerLines.put("a \\x00 in a name", "X-T\u0000est: a");
		headerLines.put("a \\x7f in a name", "X-T\u007fest: a");
		headerLines.put("a bare CR in a name", "X-T\rest: a");

		headerLines.forEach((what, line) -> {
			String response = raw("GET /api/hello HTTP/1.1\r\nHost: localhost\r\n" + line
					+ "\r\nConnection: close\r\n\r\n");
			assertThat(response).as(what)
				.startsWith("HTTP/1.1 400")
				.containsIgnoringCase("\r\nContent-Type: application/problem+json\r\n")
				.contains("\"code\":\"BAD_REQUEST\"")
				.doesNotContain("\"requestId\"");
		});
		assertThat(output.getOut()).doesNotContain("\tat org.apache");
	}

	/** Sends bytes as they are; the test's peer, 127.0.0.1, is a trusted proxy. */
	private String raw(String request) {
		return this.http.raw(request.getBytes(StandardCharsets.ISO_8859_1));
	}

	private String chunked(String path, int bytes) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			byte[] chunk = new byte[64 * 1024];
			java.util.Arrays.fill(chunk, (byte) ' ');
			chunk[0] = '[';
			try {
				for (int sent = 0; sent < bytes; sent += chunk.length) {
					out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
					out.write(chunk);
					out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
					chunk[0] = ' ';
				}
				out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			catch (IOException ex) {
				// the server may close before the whole body is sent: what matters is its answer
			}
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		@GetMapping({ "/api/hello", "/pages/home", "/actuator/health/liveness" })
		Map<String, String> hello() {
			return Map.of("hello", "world");
		}

		@GetMapping("/api/framed")
		ResponseEntity<String> framed() {
			return ResponseEntity.ok().header("X-Frame-Options", "SAMEORIGIN").body("framed");
		}

		@GetMapping("/api/server-header")
		ResponseEntity<String> serverHeader() {
			return ResponseEntity.ok().header("Server", "Apache/2.4.1").header("X-Powered-By", "PHP/5").body("x");
		}

		@PostMapping("/api/echo")
		Object echo(@RequestBody JsonNode body) {
			return body;
		}

	}

}
