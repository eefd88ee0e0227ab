package dev.hardening.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EncodedHeader#addMissing}: the headers a response lacks added as bytes in one look, on
 * real Tomcat response objects; nothing added, and the caller told so, wherever the Servlet API
 * must answer: the response has the header that stops it, another container, a wrapper that
 * looks at the headers added, asked for or read through it.
 */
class EncodedHeaderAddMissingTests {

	private static final EncodedHeader NOSNIFF = EncodedHeader.of("X-Content-Type-Options", "nosniff");

	private static final EncodedHeader REFERRER = EncodedHeader.of("Referrer-Policy", "no-referrer");

	private static final EncodedHeader FRAME = EncodedHeader.of("X-Frame-Options", "DENY");

	private static final EncodedHeader[] HEADERS = { NOSNIFF, REFERRER, FRAME };

	private static final EncodedHeaderName UNLESS = EncodedHeaderName.of("X-Frame-Options");

	@Test
	void addsTheMissingOnesAsBytesAndLeavesTheApplicationsOwn() {
		Response tomcat = new Response(new org.apache.coyote.Response());
		HttpServletResponse facade = tomcat.getResponse();
		facade.setHeader("referrer-policy", "same-origin");

		assertThat(EncodedHeader.addMissing(facade, HEADERS, UNLESS)).isTrue();

		// before reading them back, which makes text of them
		MimeHeaders fields = tomcat.getCoyoteResponse().getMimeHeaders();
		assertThat(fields.getName(1).getType()).isEqualTo(MessageBytes.T_BYTES);
		assertThat(fields.getValue(1).getType()).isEqualTo(MessageBytes.T_BYTES);
		assertThat(lines(facade)).containsExactly("referrer-policy: same-origin", "X-Content-Type-Options: nosniff",
				"X-Frame-Options: DENY");
	}

	@Test
	void ofTwoHeadersOfOneNameOnlyTheFirstIsAdded() {
		Response tomcat = new Response(new org.apache.coyote.Response());
		EncodedHeader[] twice = { REFERRER, EncodedHeader.of("REFERRER-POLICY", "origin") };

		assertThat(EncodedHeader.addMissing(tomcat.getResponse(), twice, UNLESS)).isTrue();

		assertThat(lines(tomcat.getResponse())).containsExactly("Referrer-Policy: no-referrer");
	}

	@Test
	void aResponseWithTheStoppingHeaderGetsNothing() {
		Response tomcat = new Response(new org.apache.coyote.Response());
		HttpServletResponse facade = tomcat.getResponse();
		facade.addHeader("x-frame-options", "SAMEORIGIN");

		assertThat(EncodedHeader.addMissing(facade, HEADERS, UNLESS)).isFalse();

		assertThat(lines(facade)).containsExactly("x-frame-options: SAMEORIGIN");
	}

	@Test
	void aCommittedResponseIgnoresThemAsTomcatWould() {
		org.apache.coyote.Response coyote = new org.apache.coyote.Response();
		Response tomcat = new Response(coyote);
		coyote.setCommitted(true);

		assertThat(EncodedHeader.addMissing(tomcat.getResponse(), HEADERS, UNLESS)).isTrue();

		assertThat(coyote.getMimeHeaders().size()).isZero();
	}

	@Test
	void anotherContainerIsLeftToTheCaller() {
		MockHttpServletResponse response = new MockHttpServletResponse();

		assertThat(EncodedHeader.addMissing(response, HEADERS, UNLESS)).isFalse();

		assertThat(response.getHeaderNames()).isEmpty();
	}

	@Test
	void aContentTypeAmongThemIsLeftToTheCaller() {
		Response tomcat = new Response(new org.apache.coyote.Response());
		EncodedHeader[] withType = { NOSNIFF, EncodedHeader.of("Content-Type", "text/plain") };

		assertThat(EncodedHeader.addMissing(tomcat.getResponse(), withType, UNLESS)).isFalse();

		assertThat(tomcat.getCoyoteResponse().getMimeHeaders().size()).isZero();
	}

	@Test
	void wrappersThatLookAtTheHeadersAreLeftToTheCaller() {
		List<String> seen = new ArrayList<>();
		List<HttpServletResponseWrapper> lookers = List.of(
				new HttpServletResponseWrapper(facade()) {
					@Override
					public void addHeader(String name, String value) {
						seen.add("add " + name);
						super.addHeader(name, value);
					}
				}, new HttpServletResponseWrapper(facade()) {
					@Override
					public boolean containsHeader(String name) {
						seen.add("contains " + name);
						return super.containsHeader(name);
					}
				}, new HttpServletResponseWrapper(facade()) {
					@Override
					public String getHeader(String name) {
						seen.add("get " + name);
						return super.getHeader(name);
					}
				}, new EncodedHeaderNameEquivalencePropertyTests.PassingAllBut(facade(), "Referrer-Policy", "p", seen));

		for (HttpServletResponseWrapper looker : lookers) {
			assertThat(EncodedHeader.addMissing(new HttpServletResponseWrapper(looker), HEADERS, UNLESS))
				.as(looker.getClass().getName())
				.isFalse();
			assertThat(looker.getHeaderNames()).as(looker.getClass().getName()).isEmpty();
		}
		assertThat(seen).isEmpty();
	}

	@Test
	void wrappersThatPassThemAreWalkedThrough() {
		Response tomcat = new Response(new org.apache.coyote.Response());
		HttpServletResponse passing = new EncodedHeaderNameEquivalencePropertyTests.PassingAllBut(
				new HttpServletResponseWrapper(tomcat.getResponse()), "ETag", "p", new ArrayList<>());
		HttpServletResponse commitAware = new CommitAwareResponse(passing, false) {
			@Override
			protected void onCommit(int status) {
			}
		};

		assertThat(EncodedHeader.addMissing(commitAware, HEADERS, UNLESS)).isTrue();

		assertThat(tomcat.getCoyoteResponse().getMimeHeaders().getValue(0).getType()).isEqualTo(MessageBytes.T_BYTES);
		assertThat(lines(tomcat.getResponse())).containsExactly("X-Content-Type-Options: nosniff",
				"Referrer-Policy: no-referrer", "X-Frame-Options: DENY");
	}

	private static HttpServletResponse facade() {
		return new Response(new org.apache.coyote.Response()).getResponse();
	}

	static List<String> lines(HttpServletResponse response) {
		List<String> lines = new ArrayList<>();
		for (String name : response.getHeaderNames()) {
			for (String value : response.getHeaders(name)) {
				lines.add(name + ": " + value);
			}
		}
		return lines;
	}

}
