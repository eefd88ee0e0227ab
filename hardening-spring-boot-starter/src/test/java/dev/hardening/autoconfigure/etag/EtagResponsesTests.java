package dev.hardening.autoconfigure.etag;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.etag.ETag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditional requests through a real server with compression on (the starter's defaults).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = EtagResponsesTests.TestApplication.class,
		properties = { "hardening.etag.max-buffer-size=64KB", "hardening.etag.require-if-match=/projects/**",
				"hardening.etag.cache-control[0].paths=/reference/**",
				"hardening.etag.cache-control[0].value=private, max-age=300" })
class EtagResponsesTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void aGetGetsAWeakShallowETagAndAMatchingIfNoneMatchA304WithItsHeaders() {
		HttpResponse<String> first = this.http.get("/reference/small");
		String etag = first.headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> second = this.http.get("/reference/small", "If-None-Match", etag);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(etag).matches("W/\"[A-Za-z0-9_-]{14}\"");
		assertThat(first.headers().firstValue("Content-Length")).hasValue(Integer.toString(first.body().length()));
		assertThat(second.statusCode()).isEqualTo(304);
		assertThat(second.body()).isEmpty();
		assertThat(second.headers().firstValue("ETag")).hasValue(etag);
		assertThat(second.headers().firstValue("Cache-Control")).hasValue("private, max-age=300");
		assertThat(second.headers().allValues("Vary")).containsExactly("Accept-Encoding");
		assertThat(this.http.get("/reference/small", "If-None-Match", "\"other\", " + etag).statusCode()).isEqualTo(304);
		assertThat(this.http.get("/reference/small", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
	}

	@Test
	void aMalformedIfNoneMatchIsIgnoredOnAGetAndAMatchOnAPutFails() {
		String etag = this.http.get("/projects/3").headers().firstValue("ETag").orElseThrow();

		assertThat(this.http.get("/reference/small", "If-None-Match", "not-a-tag").statusCode()).isEqualTo(200);
		assertProblem(this.http.send("PUT", "/projects/3", "x", "Content-Type", "text/plain", "If-Match", etag,
				"If-None-Match", etag), 412, "PRECONDITION_FAILED");
	}

	@Test
	void headGetsTheSameETagAsGet() {
		String get = this.http.get("/reference/small").headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> head = this.http.send("HEAD", "/reference/small", null);

		assertThat(head.headers().firstValue("ETag")).hasValue(get);
	}

	@Test
	void theETagIsRightForGzipAndIdentityClientsAlike() throws Exception {
		HttpResponse<byte[]> gzip = getBytes("/reference/large", "Accept-Encoding", "gzip");
		HttpResponse<byte[]> identity = getBytes("/reference/large");
		String etag = identity.headers().firstValue("ETag").orElseThrow();

		assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(gzip.headers().firstValue("ETag")).hasValue(etag);
		assertThat(etag).startsWith("W/");
		assertThat(new String(gunzip(gzip.body()), StandardCharsets.UTF_8)).isEqualTo(
				new String(identity.body(), StandardCharsets.UTF_8));
		HttpResponse<byte[]> notModified = getBytes("/reference/large", "Accept-Encoding", "gzip", "If-None-Match", etag);
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.headers().allValues("Vary")).containsExactly("Accept-Encoding");
	}

	@Test
	void leavesAloneWhatItMustNotTag() {
		assertThat(this.http.get("/reference/created").headers().firstValue("ETag")).isEmpty();
		assertThat(this.http.get("/reference/no-store").headers().firstValue("ETag")).isEmpty();
		assertThat(this.http.get("/reference/own-etag").headers().firstValue("ETag")).hasValue("\"mine\"");
		assertThat(this.http.get("/actuator/fake").headers().firstValue("ETag")).as("excluded path").isEmpty();
	}

	@Test
	void aBodyLargerThanTheBufferStreamsThroughWhole() {
		HttpResponse<String> response = this.http.get("/reference/huge");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("ETag")).isEmpty();
		assertThat(response.body()).hasSize(200 * 1024);
	}

	@Test
	void streamsAreUntouched() {
		HttpResponse<String> events = this.http.get("/reference/events");
		HttpResponse<String> streamed = this.http.get("/reference/streamed");

		assertThat(events.body()).contains("data:one", "data:two");
		assertThat(events.headers().firstValue("ETag")).isEmpty();
		assertThat(streamed.body()).isEqualTo("streamed body");
		assertThat(streamed.headers().firstValue("ETag")).isEmpty();
	}

	@Test
	void aDeepETag304NeverLoadsTheBody() {
		HttpResponse<String> first = this.http.get("/projects/1");
		String etag = first.headers().firstValue("ETag").orElseThrow();
		int loads = TestController.LOADS.get();

		HttpResponse<String> second = this.http.get("/projects/1", "If-None-Match", etag);

		assertThat(etag).isEqualTo("\"1\"");
		assertThat(second.statusCode()).isEqualTo(304);
		assertThat(second.headers().firstValue("ETag")).hasValue(etag);
		assertThat(second.headers().allValues("Vary")).containsExactly("Accept-Encoding");
		assertThat(TestController.LOADS.get()).isEqualTo(loads);
	}

	@Test
	void anUpdateNeedsACurrentIfMatch() {
		HttpResponse<String> missing = this.http.send("PUT", "/projects/2", "renamed", "Content-Type", "text/plain");
		HttpResponse<String> stale = this.http.send("PUT", "/projects/2", "renamed", "Content-Type", "text/plain",
				"If-Match", "\"0\"");
		HttpResponse<String> malformed = this.http.send("PUT", "/projects/2", "renamed", "Content-Type", "text/plain",
				"If-Match", "1");
		HttpResponse<String> current = this.http.send("PUT", "/projects/2", "renamed", "Content-Type", "text/plain",
				"If-Match", "\"1\"");
		HttpResponse<String> replayed = this.http.send("PUT", "/projects/2", "again", "Content-Type", "text/plain",
				"If-Match", "\"1\"");

		assertProblem(missing, 428, "PRECONDITION_REQUIRED");
		assertProblem(stale, 412, "PRECONDITION_FAILED");
		assertProblem(malformed, 412, "PRECONDITION_FAILED");
		assertThat(malformed.body()).contains("If-Match is not a list of entity tags");
		assertThat(current.statusCode()).isEqualTo(200);
		assertThat(current.headers().firstValue("ETag")).hasValue("\"2\"");
		assertProblem(replayed, 412, "PRECONDITION_FAILED");
	}

	@Test
	void errorsAreNeverStoredEvenWhereARuleApplies() {
		HttpResponse<String> missing = this.http.get("/reference/missing");

		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(this.http.get("/nowhere").headers().firstValue("Cache-Control")).hasValue("no-store");
	}

	@Test
	void anErrorKeepsTheCachingHeadersItSetItselfWithNoSecondValue() {
		HttpResponse<String> own = this.http.get("/reference/gone");
		HttpResponse<String> expires = this.http.get("/gone-expires");

		assertThat(own.statusCode()).isEqualTo(410);
		assertThat(own.headers().allValues("Cache-Control")).containsExactly("max-age=60");
		assertThat(expires.statusCode()).isEqualTo(410);
		assertThat(expires.headers().allValues("Expires")).containsExactly("0");
		assertThat(expires.headers().allValues("Cache-Control")).as("an Expires of its own speaks for it").isEmpty();
	}

	@Test
	void anErrorBodyLargerThanTheServersBufferIsStillNotStored() {
		HttpResponse<String> response = this.http.get("/reference/large-error");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).hasSize(40 * 1024);
		assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
	}

	private HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static byte[] gunzip(byte[] bytes) throws IOException {
		try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toByteArray();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		@Bean
		TestController.Store store() {
			return new TestController.Store();
		}

	}

	@RestController
	static class TestController {

		static final AtomicInteger LOADS = new AtomicInteger();

		private final Store store;

		TestController(Store store) {
			this.store = store;
		}

		@GetMapping("/actuator/fake")
		String actuatorLike() {
			return "operational";
		}

		@GetMapping("/reference/small")
		Map<String, Object> small() {
			return Map.of("id", 1, "name", "small");
		}

		@GetMapping("/reference/large")
		List<String> large() {
			return java.util.Collections.nCopies(500, "a line of reference data");
		}

		@GetMapping("/reference/huge")
		String huge() {
			return "x".repeat(200 * 1024);
		}

		@GetMapping("/reference/created")
		ResponseEntity<String> created() {
			return ResponseEntity.status(201).body("created");
		}

		@GetMapping("/reference/no-store")
		ResponseEntity<String> noStore() {
			return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body("secret");
		}

		@GetMapping("/reference/own-etag")
		ResponseEntity<String> ownEtag() {
			return ResponseEntity.ok().eTag("\"mine\"").body("mine");
		}

		@GetMapping("/reference/missing")
		ResponseEntity<String> missing() {
			return ResponseEntity.notFound().build();
		}

		@GetMapping("/reference/gone")
		ResponseEntity<String> gone() {
			return ResponseEntity.status(410).cacheControl(CacheControl.maxAge(java.time.Duration.ofSeconds(60))).body("gone");
		}

		@GetMapping("/gone-expires")
		ResponseEntity<String> goneExpires() {
			return ResponseEntity.status(410).header("Expires", "0").body("gone");
		}

		@GetMapping("/reference/large-error")
		ResponseEntity<String> largeError() {
			return ResponseEntity.status(404).body("e".repeat(40 * 1024));
		}

		@GetMapping("/reference/events")
		SseEmitter events() throws IOException {
			SseEmitter emitter = new SseEmitter();
			emitter.send("one");
			emitter.send("two");
			emitter.complete();
			return emitter;
		}

		@GetMapping("/reference/streamed")
		StreamingResponseBody streamed() {
			return (out) -> out.write("streamed body".getBytes(StandardCharsets.UTF_8));
		}

		@GetMapping("/projects/{id}")
		ResponseEntity<String> project(@PathVariable long id, ConditionalRequest conditional) {
			return conditional.respond(ETag.ofVersion(this.store.version(id)), () -> {
				LOADS.incrementAndGet();
				return "project " + id;
			});
		}

		@PutMapping("/projects/{id}")
		ResponseEntity<String> update(@PathVariable long id, @RequestBody String name, ConditionalRequest conditional) {
			conditional.check(ETag.ofVersion(this.store.version(id)));
			long version = this.store.bump(id);
			return ResponseEntity.ok().eTag(ETag.ofVersion(version).format()).body(name);
		}

		static class Store {

			private final Map<Long, Long> versions = new ConcurrentHashMap<>();

			long version(long id) {
				return this.versions.getOrDefault(id, 1L);
			}

			long bump(long id) {
				return this.versions.merge(id, 2L, (old, ignored) -> old + 1);
			}

		}

	}

}
