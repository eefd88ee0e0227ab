package dev.hardening.autoconfigure.etag;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.etag.BodyHasher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body the ETag filter holds in pooled chunks: whatever the sizes of the writes, the client
 * gets the bytes the application wrote, in order, with the ETag of exactly those bytes; a body
 * over the limit, a flush, an error or an async start still go through whole; and a chunk given
 * back to the pool never carries one response's bytes into another's.
 */
class HeldBodyTests {

	private static final int MAX_BUFFER = 64 * 1024;

	private final EtagFilter filter = new EtagFilter(PathPatterns.of(List.of("/**"), "", List.of(), ""), true,
			MAX_BUFFER, null, false);

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, HeldBody.CHUNK - 1, HeldBody.CHUNK, HeldBody.CHUNK + 1, 5 * HeldBody.CHUNK + 7,
			MAX_BUFFER })
	void aBodyCrossingChunksArrivesWholeWithTheETagOfItsBytes(int size) throws Exception {
		byte[] body = randomBytes(size);
		MockHttpServletResponse response = run("GET", (request, servletResponse) -> {
			ServletOutputStream out = servletResponse.getOutputStream();
			// slices that straddle chunk boundaries, and single bytes
			int[] slices = { 1000, 7, HeldBody.CHUNK + 3, 1 };
			int offset = 0;
			for (int i = 0; offset < body.length; i++) {
				int slice = Math.min(slices[i % slices.length], body.length - offset);
				if (slice == 1) {
					out.write(body[offset]);
				}
				else {
					out.write(body, offset, slice);
				}
				offset += slice;
			}
		});

		assertThat(response.getContentAsByteArray()).isEqualTo(body);
		assertThat(response.getHeader("ETag")).isEqualTo(etagOf(body));
		assertThat(response.getContentLength()).isEqualTo(size);
	}

	@Test
	void aBodyOverTheLimitGoesThroughWholeWithoutETagAndWithTheApplicationsLength() throws Exception {
		byte[] body = randomBytes(MAX_BUFFER + HeldBody.CHUNK + 11);
		MockHttpServletResponse response = run("GET", (request, servletResponse) -> {
			servletResponse.setContentLength(body.length);
			for (int offset = 0; offset < body.length; offset += 3000) {
				servletResponse.getOutputStream().write(body, offset, Math.min(3000, body.length - offset));
			}
		});

		assertThat(response.getContentAsByteArray()).isEqualTo(body);
		assertThat(response.getHeader("ETag")).isNull();
		assertThat(response.getContentLength()).isEqualTo(body.length);
	}

	@Test
	void aBodyWithTheApplicationsLengthKeepsItAndGetsItsETag() throws Exception {
		byte[] body = randomBytes(3 * HeldBody.CHUNK);
		MockHttpServletResponse response = run("GET", (request, servletResponse) -> {
			servletResponse.setContentLength(body.length);
			servletResponse.getOutputStream().write(body);
		});

		assertThat(response.getContentLength()).isEqualTo(body.length);
		assertThat(response.getHeader("ETag")).isEqualTo(etagOf(body));
	}

	@Test
	void multibyteCharactersSplitAcrossWritesAndChunksAreEncodedWhole() throws Exception {
		StringBuilder text = new StringBuilder();
		while (text.length() < 3 * HeldBody.CHUNK) {
			text.append("é€\uD83D\uDE00a");
		}
		String expected = text.toString();
		MockHttpServletResponse response = run("GET", (request, servletResponse) -> {
			servletResponse.setContentType("text/plain;charset=UTF-8");
			PrintWriter writer = servletResponse.getWriter();
			// one char at a time: every surrogate pair is split across two writes
			for (int i = 0; i < expected.length(); i++) {
				writer.write(expected.charAt(i));
			}
		});

		byte[] bytes = expected.getBytes(StandardCharsets.UTF_8);
		assertThat(response.getContentAsByteArray()).isEqualTo(bytes);
		assertThat(response.getHeader("ETag")).isEqualTo(etagOf(bytes));
	}

	@ParameterizedTest
	@ValueSource(strings = { "UTF-8", "ISO-8859-1", "UTF-16" })
	void theWriterEncodesAsOutputStreamWriterDoesUnmappableAndLoneSurrogatesIncluded(String charset) throws Exception {
		String text = "a€b\uD800c\uDC00dé" + "x".repeat(3000) + "\uD83D\uDE00";
		MockHttpServletResponse response = run("GET", (request, servletResponse) -> {
			servletResponse.setContentType("text/plain;charset=" + charset);
			PrintWriter writer = servletResponse.getWriter();
			writer.write(text, 0, 5);
			writer.print(text.substring(5));
		});

		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		try (OutputStreamWriter writer = new OutputStreamWriter(expected, Charset.forName(charset))) {
			writer.write(text);
		}
		assertThat(response.getContentAsByteArray()).isEqualTo(expected.toByteArray());
		assertThat(response.getHeader("ETag")).isEqualTo(etagOf(expected.toByteArray()));
	}

	@Test
	void aWriterFlushedAtTheEndKeepsTheETagAndOneWrittenAfterItsFlushStreams() throws Exception {
		MockHttpServletResponse done = run("GET", (request, servletResponse) -> {
			servletResponse.getWriter().write("whole");
			servletResponse.getWriter().flush();
		});
		MockHttpServletResponse streamed = run("GET", (request, servletResponse) -> {
			servletResponse.getWriter().write("part, ");
			servletResponse.getWriter().flush();
			servletResponse.getWriter().write("more");
		});

		assertThat(done.getContentAsString()).isEqualTo("whole");
		assertThat(done.getHeader("ETag")).isEqualTo(etagOf("whole".getBytes(StandardCharsets.ISO_8859_1)));
		assertThat(streamed.getContentAsString()).isEqualTo("part, more");
		assertThat(streamed.getHeader("ETag")).isNull();
	}

	@Test
	void aResponseThatFlushesMidwayStreamsWhole() throws Exception {
		byte[] body = randomBytes(2 * HeldBody.CHUNK + 100);
		MockHttpServletResponse response = run("GET", (request, servletResponse) -> {
			servletResponse.getOutputStream().write(body, 0, HeldBody.CHUNK + 50);
			servletResponse.flushBuffer();
			servletResponse.getOutputStream().write(body, HeldBody.CHUNK + 50, body.length - HeldBody.CHUNK - 50);
		});

		assertThat(response.getContentAsByteArray()).isEqualTo(body);
		assertThat(response.getHeader("ETag")).isNull();
	}

	@Test
	void anErrorAfterPartOfTheBodyGetsNoETag() throws Exception {
		MockHttpServletResponse response = run("GET", (request, servletResponse) -> {
			servletResponse.getOutputStream().write(randomBytes(HeldBody.CHUNK + 1));
			((HttpServletResponse) servletResponse).sendError(404);
		});

		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(response.getHeader("ETag")).isNull();
	}

	@Test
	void headCarriesTheETagAndLengthOfGet() throws Exception {
		byte[] body = randomBytes(HeldBody.CHUNK + 5);
		FilterChain chain = (request, servletResponse) -> servletResponse.getOutputStream().write(body);
		MockHttpServletResponse get = run("GET", chain);
		MockHttpServletResponse head = run("HEAD", chain);

		assertThat(head.getHeader("ETag")).isEqualTo(get.getHeader("ETag")).isEqualTo(etagOf(body));
		assertThat(head.getContentLength()).isEqualTo(body.length);
	}

	@Test
	void aMatchingIfNoneMatchGets304WithoutBody() throws Exception {
		byte[] body = randomBytes(2 * HeldBody.CHUNK);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items");
		request.addHeader("If-None-Match", etagOf(body));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> res.getOutputStream().write(body));

		assertThat(response.getStatus()).isEqualTo(304);
		assertThat(response.getContentAsByteArray()).isEmpty();
		assertThat(response.getHeader("ETag")).isEqualTo(etagOf(body));
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void anAsyncResponseGoesThroughWholeWithoutETag(boolean writtenBeforeStart) throws Exception {
		byte[] first = randomBytes(HeldBody.CHUNK + 1);
		byte[] second = randomBytes(100);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items");
		request.setAsyncSupported(true);
		MockHttpServletResponse response = new MockHttpServletResponse();
		HttpServletResponse[] seen = new HttpServletResponse[1];
		this.filter.doFilter(request, response, (req, res) -> {
			if (writtenBeforeStart) {
				res.getOutputStream().write(first);
				req.startAsync();
			}
			else {
				req.startAsync();
				res.getOutputStream().write(first);
			}
			seen[0] = (HttpServletResponse) res;
		});
		// written later, as an async handler does
		seen[0].getOutputStream().write(second);

		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		expected.write(first);
		expected.write(second);
		assertThat(response.getContentAsByteArray()).isEqualTo(expected.toByteArray());
		assertThat(response.getHeader("ETag")).isNull();
	}

	@Test
	void pooledChunksNeverCarryOneResponsesBytesIntoAnother() throws Exception {
		Random random = new Random(42);
		for (int i = 0; i < 200; i++) {
			byte[] body = new byte[random.nextInt(4 * HeldBody.CHUNK)];
			random.nextBytes(body);
			boolean notModified = i % 3 == 0;
			boolean reset = i % 5 == 0;
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items");
			if (notModified) {
				request.addHeader("If-None-Match", etagOf(body));
			}
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.filter.doFilter(request, response, (req, res) -> {
				if (reset) {
					res.getOutputStream().write(randomBytes(HeldBody.CHUNK + 3));
					res.resetBuffer();
				}
				res.getOutputStream().write(body);
			});

			assertThat(response.getHeader("ETag")).isEqualTo(etagOf(body));
			assertThat(response.getContentAsByteArray()).isEqualTo(notModified ? new byte[0] : body);
		}
	}

	@Test
	void theWrapperIsFoundUnderLaterWrappersAndNoRequestAttributeIsSet() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items");
		HashingResponseWrapper[] found = new HashingResponseWrapper[1];
		List<String> attributes = new ArrayList<>();
		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
			found[0] = HashingResponseWrapper.of(new HttpServletResponseWrapper((HttpServletResponse) res));
			attributes.addAll(Collections.list(req.getAttributeNames()));
		});

		assertThat(found[0]).isNotNull();
		assertThat(attributes).isEmpty();
		assertThat(HashingResponseWrapper.of(new MockHttpServletResponse())).isNull();
	}

	private MockHttpServletResponse run(String method, FilterChain chain) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(new MockHttpServletRequest(method, "/items"), response, chain);
		return response;
	}

	private static String etagOf(byte[] body) {
		BodyHasher hasher = BodyHasher.create();
		hasher.update(body, 0, body.length);
		return hasher.finish(true);
	}

	private static byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

}
