package dev.hardening.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's edge on its defaults: headers on every response, the host check, CORS for its
 * browser front end, and the body limits.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleWebHardeningTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void everyResponseCarriesTheApiHeadersAndNoServerHeader() throws Exception {
		for (String path : new String[] { "/projects", "/projects/999", "/nowhere" }) {
			HttpResponse<String> response = get(path);
			assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
				.hasValue("default-src 'none'; frame-ancestors 'none'");
			assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
			assertThat(response.headers().firstValue("Server")).as(path).isEmpty();
		}
	}

	@Test
	void anotherHostIsAProblem() {
		String response = raw("GET /projects HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 400").contains("\"code\":\"INVALID_HOST\"")
			.doesNotContain("evil.example");
	}

	@Test
	void aBodyOverTheLimitAndADepthBombAreProblems() throws Exception {
		HttpResponse<String> large = post("/projects", "{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}");
		// nested under a field the DTO does not have, so Jackson reads on until its depth limit
		HttpResponse<String> bomb = post("/projects", "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000));
		HttpResponse<String> arrays = post("/projects", "[".repeat(100_000));

		assertThat(large.statusCode()).isEqualTo(413);
		assertThat(JSON.readTree(large.body()).path("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
		assertThat(bomb.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(bomb.body()).path("code").asString()).isEqualTo("BODY_TOO_COMPLEX");
		// a project is an object: Jackson stops at the first '['
		assertThat(arrays.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(arrays.body()).path("code").asString()).isEqualTo("MALFORMED_BODY");
	}

	@Test
	void theBrowserFrontEndMayCallAndOtherOriginsMayNot() throws Exception {
		HttpResponse<String> preflight = this.client.send(HttpRequest.newBuilder(uri("/projects/1"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://localhost:3000")
			.header("Access-Control-Request-Method", "PUT")
			.header("Access-Control-Request-Headers", "if-match, content-type")
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> other = this.client.send(
				HttpRequest.newBuilder(uri("/projects")).header("Origin", "https://evil.example").build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).get().asString().contains("PUT");
		assertThat(other.statusCode()).isEqualTo(403);
		assertThat(JSON.readTree(other.body()).path("code").asString()).isEqualTo("CORS_REJECTED");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private String raw(String request) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
