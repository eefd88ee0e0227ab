package dev.hardening.autoconfigure.etag;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import dev.hardening.error.NotFoundException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response compression against the ETag and conditional-request machinery, through a real Tomcat
 * and a raw socket (nothing decompresses for the test). Compression is on with a small minimum
 * size, for JSON, problem JSON and CSS.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = CompressionConditionalAttackTests.App.class,
		properties = { "server.compression.enabled=true", "server.compression.min-response-size=64B",
				"server.compression.mime-types=application/json,application/problem+json,text/css,text/plain",
				"hardening.etag.cache-control[0].paths=/c/cached/**",
				"hardening.etag.cache-control[0].value=public, max-age=60" })
class CompressionConditionalAttackTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String LARGE = "[" + "{\"name\":\"hardening\",\"owner\":\"team@hardening.dev\"},".repeat(60)
			+ "{\"end\":true}]";

	static final byte[] CSS = ("body { color: #123456; margin: 0 auto; }\n".repeat(100)).getBytes(StandardCharsets.US_ASCII);

	@LocalServerPort
	private int port;

	private EtagWire.Response send(String method, String target, String... headers) {
		return new EtagWire(this.port).send(method, target, null, headers);
	}

	// ---- shallow tags: one weak tag for both codings, 304s carry Vary ----

	/** A shallow tag shared by the gzip and identity 200s is weak (RFC 9110 §8.8.3 allows that). */
	@Test
	void aShallowTagSharedByGzipAndIdentityIsWeak() {
		EtagWire.Response identity = send("GET", "/c/shallow");
		EtagWire.Response gzip = send("GET", "/c/shallow", "Accept-Encoding", "gzip");

		assertThat(gzip.header("Content-Encoding")).as(gzip.toString()).isEqualTo("gzip");
		assertThat(identity.header("Content-Encoding")).isNull();
		assertThat(gzip.header("ETag")).isEqualTo(identity.header("ETag")).startsWith("W/");
		assertThat(new String(decoded(gzip), StandardCharsets.UTF_8)).isEqualTo(LARGE);
		assertThat(varies(identity)).as("identity 200 Vary").isTrue();
		assertThat(varies(gzip)).as("gzip 200 Vary").isTrue();
	}

	/**
	 * The weak tag of a gzip copy, sent by an identity client, gets a 304 that carries the
	 * tag and the Vary of its 200 (RFC 9110 §15.4.5), so a cache selects by Accept-Encoding.
	 */
	@Test
	void aGzipCopysTagRevalidatesAnIdentityRequestWithVary() {
		String tag = send("GET", "/c/shallow", "Accept-Encoding", "gzip").header("ETag");

		EtagWire.Response identity = send("GET", "/c/shallow", "If-None-Match", tag);
		EtagWire.Response gzip = send("GET", "/c/shallow", "If-None-Match", tag, "Accept-Encoding", "gzip");

		for (EtagWire.Response response : List.of(identity, gzip)) {
			assertThat(response.status()).as(response.toString()).isEqualTo(304);
			assertThat(response.header("ETag")).isEqualTo(tag);
			assertThat(varies(response)).as(response.toString()).isTrue();
			assertThat(response.body()).isEmpty();
		}
	}

	/** A rule's Cache-Control (public) rides on the gzip 200 and its 304, each with Vary. */
	@Test
	void aPublicRuleOnCompressedAnswersAlwaysComesWithVary() {
		EtagWire.Response gzip = send("GET", "/c/cached/shallow", "Accept-Encoding", "gzip");
		EtagWire.Response notModified = send("GET", "/c/cached/shallow", "Accept-Encoding", "gzip", "If-None-Match",
				gzip.header("ETag"));

		assertThat(gzip.header("Content-Encoding")).isEqualTo("gzip");
		assertThat(gzip.header("Cache-Control")).isEqualTo("public, max-age=60");
		assertThat(varies(gzip)).isTrue();
		assertThat(notModified.status()).isEqualTo(304);
		assertThat(notModified.header("Cache-Control")).isEqualTo("public, max-age=60");
		assertThat(varies(notModified)).isTrue();
	}

	/** If-Match compares strongly, so the weak shallow tag of a gzip copy never passes it. */
	@Test
	void theWeakTagOfAGzipCopyNeverPassesIfMatch() {
		String tag = send("GET", "/c/shallow", "Accept-Encoding", "gzip").header("ETag");

		EtagWire.Response response = send("GET", "/c/shallow", "If-Match", tag, "Accept-Encoding", "gzip");

		assertThat(response.status()).as(response.toString()).isEqualTo(412);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		assertThat(response.header("ETag")).isNull();
		assertThat(problem(response).path("code").asString()).isEqualTo("PRECONDITION_FAILED");
	}

	/** Gzip;q=0 means "not gzip" (RFC 9110 §12.5.3). */
	@Test
	void gzipRefusedWithQZeroIsNotSentGzip() {
		EtagWire.Response response = send("GET", "/c/shallow", "Accept-Encoding", "gzip;q=0, identity");

		assertThat(response.header("Content-Encoding")).as(response.toString()).isNull();
		assertThat(new String(decoded(response), StandardCharsets.UTF_8)).isEqualTo(LARGE);
	}

	// ---- HEAD ----

	/**
	 * A HEAD with Accept-Encoding: gzip carries what its GET would: the same coding, the
	 * same tag, and no Content-Length of the identity body (RFC 9110 §9.3.2, §8.6).
	 */
	@Test
	void aGzipHeadCarriesTheGzipGetsHeaders() {
		EtagWire.Response get = send("GET", "/c/shallow", "Accept-Encoding", "gzip");
		EtagWire.Response head = send("HEAD", "/c/shallow", "Accept-Encoding", "gzip");

		assertThat(head.status()).isEqualTo(200);
		assertThat(head.header("Content-Encoding")).as(head.toString()).isEqualTo(get.header("Content-Encoding"));
		assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
		assertThat(head.header("Content-Length")).as(head.toString()).isEqualTo(get.header("Content-Length"));
		assertThat(varies(head)).isTrue();
	}

	/** The same for a static resource. */
	@Test
	void aGzipHeadOfAStaticResourceCarriesTheGzipGetsHeaders() {
		EtagWire.Response get = send("GET", "/assets/head-test.css", "Accept-Encoding", "gzip");
		EtagWire.Response head = send("HEAD", "/assets/head-test.css", "Accept-Encoding", "gzip");

		assertThat(get.header("Content-Encoding")).isEqualTo("gzip");
		assertThat(head.header("Content-Encoding")).as(head.toString()).isEqualTo("gzip");
		assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
		assertThat(head.header("Content-Length")).as(head.toString()).isEqualTo(get.header("Content-Length"));
	}

	// ---- deep tags ----

	/**
	 * A strong deep tag is never put on gzip bytes (Tomcat does not compress a response
	 * with a strong ETag), so it names one representation; a weak deep tag may be shared.
	 */
	@Test
	void aStrongDeepTagIsNeverOnGzipBytes() {
		EtagWire.Response strong = send("GET", "/c/deep", "Accept-Encoding", "gzip");
		EtagWire.Response weak = send("GET", "/c/deep-weak", "Accept-Encoding", "gzip");

		assertThat(strong.header("ETag")).isEqualTo("\"7\"");
		assertThat(strong.header("Content-Encoding")).as(strong.toString()).isNull();
		assertThat(new String(decoded(strong), StandardCharsets.UTF_8)).isEqualTo(LARGE);
		assertThat(weak.header("ETag")).isEqualTo("W/\"7\"");
		assertThat(weak.header("Content-Encoding")).isEqualTo("gzip");
	}

	// ---- ranges ----

	/** If-Range with the (weak) tag of a gzip copy gets the whole representation. */
	@Test
	void ifRangeWithAGzipCopysTagGetsTheWholeRepresentation() {
		String tag = send("GET", "/assets/head-test.css", "Accept-Encoding", "gzip").header("ETag");

		EtagWire.Response response = send("GET", "/assets/head-test.css", "Accept-Encoding", "gzip", "Range",
				"bytes=0-2047", "If-Range", tag);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Range")).isNull();
		assertThat(decoded(response)).hasSize(3366);
	}

	/**
	 * A client asks a static resource for {@code bytes=0-2047} with
	 * {@code Accept-Encoding: gzip}: if the answer is a {@code 206} with
	 * {@code Content-Encoding: gzip} and {@code Content-Range: bytes 0-2047/3366}, the range is
	 * counted in identity bytes while the body is the gzip of that slice, so a client or cache that
	 * stitches ranges of the gzip representation (RFC 9110 §14.4, §8.4: a range applies to the
	 * selected representation, content coding included) gets corrupt bytes. Found by an attack,
	 * fixed: where the answer may be compressed, the range is not taken (§14.2), and the client
	 * gets the whole 200.
	 */
	@Test
	void aRangeOfAStaticResourceIsNeverAGzipSliceWithIdentityOffsets() {
		EtagWire.Response response = send("GET", "/assets/head-test.css", "Accept-Encoding", "gzip", "Range",
				"bytes=0-2047");

		// answered whole: the range is not taken where the answer may be compressed
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Range")).isNull();
		assertThat(decoded(response)).hasSize(3366);
	}

	/**
	 * The same for a controller's {@code ResponseEntity<Resource>} with the weak deep tag
	 * {@code W/"r1"}: {@code 206}, {@code Content-Range: bytes 0-2047/4100}, {@code Content-Encoding:
	 * gzip}. Now the whole 200, as above.
	 */
	@Test
	void aRangeOfAControllerResourceIsNeverAGzipSliceWithIdentityOffsets() {
		EtagWire.Response response = send("GET", "/c/resource", "Accept-Encoding", "gzip", "Range", "bytes=0-2047");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Range")).isNull();
		assertThat(decoded(response)).isEqualTo(CSS);
	}

	/**
	 * {@code GET /assets/head-test.css} with {@code Range: bytes=0-2047},
	 * {@code Accept-Encoding: gzip} and {@code If-None-Match} holding the tag the starter just gave
	 * that resource gets a {@code 206} (a gzip slice, no ETag) instead of a {@code 304}: the filter
	 * tags only 200s, so a 206 passes through with its If-None-Match never evaluated. RFC 9110
	 * §13.2.2 evaluates If-None-Match before Range and a matching one on GET is a 304 (§13.1.2).
	 */
	@Test
	void aRangeWithAMatchingIfNoneMatchIsNotModified() {
		String tag = send("GET", "/assets/head-test.css", "Accept-Encoding", "gzip").header("ETag");

		EtagWire.Response response = send("GET", "/assets/head-test.css", "Accept-Encoding", "gzip", "Range",
				"bytes=0-2047", "If-None-Match", tag);

		assertThat(response.status()).as(response.toString()).isEqualTo(304);
		assertThat(response.header("ETag")).isEqualTo(tag);
	}

	/**
	 * Found by an attack (a regression the starter caused), fixed. The same Range request with {@code If-Modified-Since}
	 * equal to the resource's Last-Modified (no If-None-Match) gets a {@code 206} slice: the filter
	 * hides If-Modified-Since from Spring's resource handler (which alone answers 304, see
	 * {@code CompressionRangeWithoutEtagFilterTests}) and evaluates the date only on a 200. RFC 9110
	 * §13.2.2 step 4: the answer must be {@code 304}, before any Range is looked at.
	 */
	@Test
	void aRangeWithACurrentIfModifiedSinceIsNotModified() {
		String lastModified = send("GET", "/assets/head-test.css").header("Last-Modified");

		EtagWire.Response response = send("GET", "/assets/head-test.css", "Accept-Encoding", "gzip", "Range",
				"bytes=0-2047", "If-Modified-Since", lastModified);

		assertThat(lastModified).isNotNull();
		assertThat(response.status()).as(response.toString()).isEqualTo(304);
	}

	/** If-Range with a date (the resource's Last-Modified) and gzip gets the whole representation. */
	@Test
	void ifRangeWithADateAndGzipGetsTheWholeRepresentation() {
		String lastModified = send("GET", "/assets/head-test.css").header("Last-Modified");

		EtagWire.Response response = send("GET", "/assets/head-test.css", "Accept-Encoding", "gzip", "Range",
				"bytes=0-2047", "If-Range", lastModified);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Range")).isNull();
		assertThat(decoded(response)).hasSize(3366);
	}

	/**
	 * A 304 answered from If-Modified-Since for a compressible static resource carries the
	 * tag and the Vary of its 200, and no content coding or length of a body it does not have.
	 */
	@Test
	void aNotModifiedSinceOfACompressibleResourceCarriesTagAndVary() {
		EtagWire.Response whole = send("GET", "/assets/head-test.css", "Accept-Encoding", "gzip");

		EtagWire.Response response = send("GET", "/assets/head-test.css", "Accept-Encoding", "gzip",
				"If-Modified-Since", whole.header("Last-Modified"));

		assertThat(response.status()).as(response.toString()).isEqualTo(304);
		assertThat(response.header("ETag")).isEqualTo(whole.header("ETag"));
		assertThat(varies(response)).isTrue();
		assertThat(response.header("Content-Encoding")).isNull();
		assertThat(response.body()).isEmpty();
	}

	/**
	 * {@code GET /assets/head-test.css} with {@code If-Match: "stale"} gets the {@code 412}
	 * problem, but the same request with {@code Range: bytes=0-2047} (and gzip) gets a {@code 206}
	 * slice: the filter evaluates If-Match only on the 200s it tags. RFC 9110 §13.1.1 names exactly
	 * this use (If-Match on a GET so as not to splice a newer representation onto a partial copy)
	 * and §13.2.2 evaluates it before Range: the answer must be the same {@code 412}.
	 */
	@Test
	void aRangeWithAStaleIfMatchFails() {
		EtagWire.Response whole = send("GET", "/assets/head-test.css", "If-Match", "\"stale\"");
		EtagWire.Response partial = send("GET", "/assets/head-test.css", "Accept-Encoding", "gzip", "Range",
				"bytes=0-2047", "If-Match", "\"stale\"");

		assertThat(whole.status()).as(whole.toString()).isEqualTo(412);
		assertThat(partial.status()).as(partial.toString()).isEqualTo(412);
	}

	// ---- problems ----

	/** A compressed 404 problem is still problem JSON, no-store, untagged. */
	@Test
	void aCompressedProblemIsStillANoStoreProblem() {
		EtagWire.Response response = send("GET", "/c/missing", "Accept-Encoding", "gzip");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Encoding")).as(response.toString()).isEqualTo("gzip");
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		assertThat(response.header("ETag")).isNull();
		JsonNode problem = problem(response);
		assertThat(problem.path("status").asInt()).isEqualTo(404);
		assertThat(problem.path("code").asString()).isEqualTo("NOT_FOUND");
	}

	/** So is one on a path whose rule says public: the rule is not an error's. */
	@Test
	void aCompressedProblemOnAPublicRulePathIsNoStore() {
		EtagWire.Response response = send("GET", "/c/cached/missing", "Accept-Encoding", "gzip");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		assertThat(problem(response).path("status").asInt()).isEqualTo(404);
	}

	// ---- helpers ----

	/**
	 * A client that refuses every coding, as a media player seeking does
	 * ({@code identity;q=1, *;q=0}), and sends no precondition still gets its range: only where the
	 * answer may be compressed, or a precondition is to be evaluated, is the range not taken.
	 */
	@Test
	void aRangeForAClientRefusingCodingsIsStillPartial() {
		EtagWire.Response response = send("GET", "/assets/head-test.css", "Accept-Encoding", "identity;q=1, *;q=0",
				"Range", "bytes=0-2047");
		EtagWire.Response plain = send("GET", "/assets/head-test.css", "Range", "bytes=0-2047");

		assertThat(response.status()).as(response.toString()).isEqualTo(206);
		assertThat(response.header("Content-Range")).isEqualTo("bytes 0-2047/3366");
		assertThat(response.header("Content-Encoding")).isNull();
		assertThat(body(response)).hasSize(2048);
		assertThat(plain.status()).as(plain.toString()).isEqualTo(206);
	}

	private static boolean varies(EtagWire.Response response) {
		for (String line : response.headers("Vary")) {
			for (String name : line.split(",")) {
				if (name.trim().equalsIgnoreCase("Accept-Encoding") || name.trim().equals("*")) {
					return true;
				}
			}
		}
		return false;
	}

	private static JsonNode problem(EtagWire.Response response) {
		return JSON.readTree(new String(decoded(response), StandardCharsets.UTF_8));
	}

	/** The message body, de-chunked. */
	private static byte[] body(EtagWire.Response response) {
		byte[] raw = response.body().getBytes(StandardCharsets.ISO_8859_1);
		String te = response.header("Transfer-Encoding");
		if (te == null || !te.toLowerCase(Locale.ROOT).contains("chunked")) {
			return raw;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int at = 0;
		while (true) {
			int eol = indexOfCrlf(raw, at);
			String size = new String(raw, at, eol - at, StandardCharsets.ISO_8859_1);
			int semi = size.indexOf(';');
			int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
			at = eol + 2;
			if (n == 0) {
				return out.toByteArray();
			}
			out.write(raw, at, n);
			at += n + 2;
		}
	}

	/** The body with its content coding undone. */
	private static byte[] decoded(EtagWire.Response response) {
		byte[] body = body(response);
		if (!"gzip".equalsIgnoreCase(response.header("Content-Encoding"))) {
			return body;
		}
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int indexOfCrlf(byte[] bytes, int from) {
		for (int i = from; i + 1 < bytes.length; i++) {
			if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
				return i;
			}
		}
		throw new IllegalStateException("no CRLF after " + from);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Controller.class)
	static class App {

	}

	@RestController
	static class Controller {

		@GetMapping(path = { "/c/shallow", "/c/cached/shallow" }, produces = MediaType.APPLICATION_JSON_VALUE)
		String shallow() {
			return LARGE;
		}

		@GetMapping(path = "/c/deep", produces = MediaType.APPLICATION_JSON_VALUE)
		ResponseEntity<String> deep() {
			return ResponseEntity.ok().eTag("\"7\"").body(LARGE);
		}

		@GetMapping(path = "/c/deep-weak", produces = MediaType.APPLICATION_JSON_VALUE)
		ResponseEntity<String> deepWeak() {
			return ResponseEntity.ok().eTag("W/\"7\"").body(LARGE);
		}

		@GetMapping("/c/resource")
		ResponseEntity<Resource> resource() {
			return ResponseEntity.ok().eTag("W/\"r1\"").contentType(MediaType.valueOf("text/css"))
				.body(new ByteArrayResource(CSS));
		}

		@GetMapping(path = { "/c/missing", "/c/cached/missing" })
		String missing() {
			throw new NotFoundException("There is no such thing here, and there never was one: look elsewhere.");
		}

	}

}
