package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body limit through a real Tomcat, for every method that may carry a body, both framings,
 * and every way the application or Spring reads a body: under, exactly at, just over and far
 * over the limit. Over it, always the same {@code 413} problem, and no part file left on disk.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RequestBodyLimitMatrixTests.TestApplication.class,
		properties = { "hardening.web.limits.max-body-size=64KB",
				"hardening.web.limits.body-size-overrides[0].paths=/upload/**",
				"hardening.web.limits.body-size-overrides[0].max-size=1MB" })
class RequestBodyLimitMatrixTests {

	private static final int LIMIT = 64 * 1024;

	private static final String BOUNDARY = "matrixBoundary7MA4YWxkTrZu0gW";

	private static final Path PARTS = temporaryDirectory();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void multipartLocation(DynamicPropertyRegistry registry) {
		registry.add("spring.servlet.multipart.location", PARTS::toString);
	}

	enum Api {

		STREAM("text/plain"), READER("text/plain; charset=UTF-8"), REQUEST_BODY("application/json"),
		FORM("application/x-www-form-urlencoded"), MULTIPART("multipart/form-data; boundary=" + BOUNDARY);

		final String contentType;

		Api(String contentType) {
			this.contentType = contentType;
		}

		/** A body of exactly {@code size} bytes for this API, and what the handler answers for it. */
		byte[] body(int size) {
			return switch (this) {
				case STREAM, READER -> fill(new byte[size], 0);
				case REQUEST_BODY -> {
					byte[] body = fill(new byte[size], 1);
					body[0] = '"';
					body[size - 1] = '"';
					yield body;
				}
				case FORM -> {
					byte[] body = fill(new byte[size], 2);
					body[0] = 'v';
					body[1] = '=';
					yield body;
				}
				case MULTIPART -> multipart(size);
			};
		}

		/** The handler's answer to a body of {@code size} bytes. */
		int answer(int size) {
			return switch (this) {
				case STREAM, READER -> size;
				case REQUEST_BODY, FORM -> size - 2;
				case MULTIPART -> size - multipart(0).length;
			};
		}

	}

	enum Size {

		UNDER(LIMIT / 2), AT(LIMIT), JUST_OVER(LIMIT + 1), FAR_OVER(16 * LIMIT);

		final int bytes;

		Size(int bytes) {
			this.bytes = bytes;
		}

		boolean over() {
			return this.bytes > LIMIT;
		}

	}

	static Stream<Arguments> cells() {
		List<Arguments> cells = new ArrayList<>();
		for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "GET")) {
			for (boolean chunked : new boolean[] { false, true }) {
				for (Api api : Api.values()) {
					// no one parses a form body on GET: neither Tomcat (POST only) nor Spring's
					// FormContentFilter (PUT, PATCH, DELETE); a form GET is no read API
					if (method.equals("GET") && api == Api.FORM) {
						continue;
					}
					for (Size size : Size.values()) {
						cells.add(Arguments.of(method, chunked ? "chunked" : "content-length", api, size));
					}
				}
			}
		}
		return cells.stream();
	}

	@ParameterizedTest(name = "{0} {1} {2} {3}")
	@MethodSource("cells")
	void theLimitHoldsForEveryMethodFramingAndReadApi(String method, String framing, Api api, Size size)
			throws IOException {
		RawExchange.Response response = RawExchange.send(this.port, method, "/limits/" + api.name().toLowerCase(),
				api.contentType, api.body(size.bytes), framing.equals("chunked"));

		if (size.over()) {
			assertPayloadTooLarge(response, LIMIT);
			assertNoPartFileLeft();
		}
		else {
			assertThat(response.status()).as(response.head() + "\n" + response.body()).isEqualTo(200);
			assertThat(json(response.body()).path("read").asInt()).isEqualTo(api.answer(size.bytes));
		}
	}

	@Test
	void aChunkedMultipartOfSixPartsEachUnderThePartLimitIsStoppedAtTheBodyLimit() throws IOException {
		StringBuilder body = new StringBuilder();
		String part = "x".repeat(900 * 1024);
		for (int i = 0; i < 6; i++) {
			body.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"file").append(i)
				.append("\"; filename=\"f").append(i).append(".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
				.append(part).append("\r\n");
		}
		body.append("--").append(BOUNDARY).append("--\r\n");

		RawExchange.Response response = RawExchange.send(this.port, "POST", "/upload/parts",
				Api.MULTIPART.contentType, body.toString().getBytes(StandardCharsets.ISO_8859_1), true);

		assertPayloadTooLarge(response, 1024 * 1024);
		assertNoPartFileLeft();
	}

	@Test
	void aPathOverrideGovernsWhatTomcatReadsForPartsAndFormsAndJacksonsDocumentLimit() {
		byte[] parts = Api.MULTIPART.body(512 * 1024);
		byte[] form = Api.FORM.body(512 * 1024);

		RawExchange.Response multipart = RawExchange.send(this.port, "POST", "/upload/parts", Api.MULTIPART.contentType,
				parts, true);
		RawExchange.Response parameters = RawExchange.send(this.port, "POST", "/upload/form", Api.FORM.contentType,
				form, true);
		RawExchange.Response elsewhere = RawExchange.send(this.port, "POST", "/limits/form", Api.FORM.contentType, form,
				true);
		RawExchange.Response json = RawExchange.send(this.port, "POST", "/upload/json", Api.REQUEST_BODY.contentType,
				Api.REQUEST_BODY.body(512 * 1024), true);

		assertThat(multipart.status()).as(multipart.body()).isEqualTo(200);
		assertThat(json(multipart.body()).path("read").asInt()).isEqualTo(Api.MULTIPART.answer(512 * 1024));
		assertThat(parameters.status()).as(parameters.body()).isEqualTo(200);
		assertThat(json(parameters.body()).path("read").asInt()).isEqualTo(512 * 1024 - 2);
		assertPayloadTooLarge(elsewhere, LIMIT);
		assertThat(json.status()).as(json.body()).isEqualTo(200);
		assertThat(json(json.body()).path("read").asInt()).isEqualTo(512 * 1024 - 2);
	}

	private static void assertPayloadTooLarge(RawExchange.Response response, int limit) {
		assertThat(response.status()).as(response.head() + "\n" + response.body()).isEqualTo(413);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = json(response.body());
		assertThat(problem.path("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
		assertThat(problem.path("status").asInt()).isEqualTo(413);
		assertThat(problem.path("detail").asString()).isEqualTo("The request body is larger than " + limit + " bytes.");
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

	private static void assertNoPartFileLeft() {
		try (Stream<Path> files = Files.walk(PARTS)) {
			assertThat(files.filter(Files::isRegularFile)).isEmpty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] fill(byte[] bytes, int from) {
		Arrays.fill(bytes, from, bytes.length, (byte) 'x');
		return bytes;
	}

	/** A multipart body of exactly {@code size} bytes, or of its framing alone if it cannot be that small. */
	private static byte[] multipart(int size) {
		String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n";
		String tail = "\r\n--" + BOUNDARY + "--\r\n";
		int content = Math.max(0, size - head.length() - tail.length());
		return (head + "x".repeat(content) + tail).getBytes(StandardCharsets.ISO_8859_1);
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("hardening-parts");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	@RequestMapping(method = { RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH,
			RequestMethod.DELETE })
	static class TestController {

		@RequestMapping("/limits/stream")
		Map<String, Integer> stream(HttpServletRequest request) throws IOException {
			return Map.of("read", request.getInputStream().readAllBytes().length);
		}

		@RequestMapping("/limits/reader")
		Map<String, Integer> reader(HttpServletRequest request) throws IOException {
			Reader reader = request.getReader();
			char[] buffer = new char[4096];
			int read = 0;
			for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
				read += n;
			}
			return Map.of("read", read);
		}

		@RequestMapping({ "/limits/request_body", "/upload/json" })
		Map<String, Integer> requestBody(@RequestBody JsonNode body) {
			return Map.of("read", body.asString().length());
		}

		@RequestMapping({ "/limits/form", "/upload/form" })
		Map<String, Integer> form(@RequestParam("v") String value) {
			return Map.of("read", value.length());
		}

		@RequestMapping("/limits/multipart")
		Map<String, Integer> multipart(@RequestPart("file") MultipartFile file) {
			return Map.of("read", (int) file.getSize());
		}

		@RequestMapping("/upload/parts")
		Map<String, Integer> parts(HttpServletRequest request) throws Exception {
			long read = 0;
			for (Part part : request.getParts()) {
				read += part.getSize();
			}
			return Map.of("read", (int) read);
		}

	}

}
