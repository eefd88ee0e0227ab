package dev.hardening.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HTTP client for tests against a running server, with the checks every problem response
 * must pass.
 */
public final class TestHttp {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final int port;

	public TestHttp(int port) {
		this.port = port;
	}

	public HttpResponse<String> get(String path, String... headers) {
		return send("GET", path, null, headers);
	}

	public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
		String[] all = new String[headers.length + 2];
		all[0] = "Content-Type";
		all[1] = contentType;
		System.arraycopy(headers, 0, all, 2, headers.length);
		return send("POST", path, body, all);
	}

	public HttpResponse<String> send(String method, String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends bytes as they are, for requests no well-behaved client would send.
	 * @return the whole response, headers and body, decoded as ISO-8859-1
	 */
	public String raw(byte[] request) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Sends a request as HTTP/1.0 and reads until the server closes the connection, which it
	 * does only once the request is done, its filters' work included: for checks on what the
	 * request logged.
	 * @return the response body, decoded as UTF-8
	 */
	public String finished(String method, String path, String contentType, String body, String... headers) {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		StringBuilder request = new StringBuilder(method).append(' ').append(path)
			.append(" HTTP/1.0\r\nHost: localhost\r\nContent-Type: ").append(contentType)
			.append("\r\nContent-Length: ").append(content.length).append("\r\n");
		for (int i = 0; i < headers.length; i += 2) {
			request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		byte[] head = request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
		byte[] all = new byte[head.length + content.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(content, 0, all, head.length, content.length);
		String response = raw(all);
		String answer = response.substring(response.indexOf("\r\n\r\n") + 4);
		return new String(answer.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
	}

	public static JsonNode json(String body) {
		return JSON.readTree(body);
	}

	/**
	 * Checks the members every problem has, and returns the body for the checks of the case.
	 * @return the problem body
	 */
	public static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("code").asString()).isEqualTo(code);
		assertThat(problem.path("type").asString()).isNotEmpty();
		assertThat(problem.path("title").asString()).isNotEmpty();
		assertThat(problem.path("detail").asString()).isNotEmpty();
		assertThat(problem.path("instance").asString()).startsWith("/");
		assertThat(problem.path("requestId").asString()).isNotEmpty()
			.isEqualTo(response.headers().firstValue("X-Request-ID").orElse(null));
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace");
		return problem;
	}

}
