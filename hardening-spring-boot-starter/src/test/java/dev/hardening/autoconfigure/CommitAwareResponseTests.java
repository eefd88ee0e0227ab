package dev.hardening.autoconfigure;

import java.io.PrintWriter;
import java.nio.charset.Charset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commit is announced before the write that would commit the response: the one that
 * completes a Content-Length however it was set, or fills the buffer, characters counted at the
 * most bytes their encoding may take.
 */
class CommitAwareResponseTests {

	@ParameterizedTest
	@ValueSource(strings = { "Content-Length", "content-length" })
	void aLengthSetAsANumberCommitsOnceThatManyBytesAreWritten(String name) throws Exception {
		Recording response = new Recording(new MockHttpServletResponse());
		response.setIntHeader(name, 5);

		response.getOutputStream().write(new byte[4]);
		assertThat(response.commits).isZero();
		response.getOutputStream().write(1);

		assertThat(response.commits).isEqualTo(1);
		assertThat(response.writtenAtCommit).isEqualTo(5);
	}

	@Test
	void anotherNumberIsNotALength() throws Exception {
		Recording response = new Recording(new MockHttpServletResponse());
		response.addIntHeader("X-Count", 5);
		response.setIntHeader("Retry-After", 2);

		response.getOutputStream().write(new byte[100]);

		assertThat(response.commits).isZero();
		assertThat(response.getHeader("X-Count")).isEqualTo("5");
		assertThat(response.getHeader("Retry-After")).isEqualTo("2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "UTF-8", "utf-8", "ISO-8859-1", "iso-8859-1", "UTF-16", "windows-1252", "US-ASCII" })
	void aWriterCountsEachCharacterAtTheMostBytesItsEncodingTakes(String encoding) throws Exception {
		MockHttpServletResponse mock = new MockHttpServletResponse();
		mock.setBufferSize(60);
		mock.setCharacterEncoding(encoding);
		Recording response = new Recording(mock);
		int maxBytes = (int) Math.ceil(Charset.forName(encoding).newEncoder().maxBytesPerChar());
		int fits = (60 + maxBytes - 1) / maxBytes - 1;

		PrintWriter writer = response.getWriter();
		writer.write("x".repeat(fits));
		assertThat(response.commits).as("%s, %d bytes a character", encoding, maxBytes).isZero();
		writer.write('x');

		assertThat(response.commits).isEqualTo(1);
		assertThat(response.writtenAtCommit).isEqualTo((long) (fits + 1) * maxBytes);
	}

	private static final class Recording extends CommitAwareResponse {

		int commits;

		long writtenAtCommit;

		Recording(MockHttpServletResponse response) {
			super(response, true);
		}

		@Override
		protected void onCommit(int status) {
			this.commits++;
			this.writtenAtCommit = written();
		}

	}

}
