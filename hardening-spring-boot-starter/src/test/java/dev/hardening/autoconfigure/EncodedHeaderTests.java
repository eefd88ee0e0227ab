package dev.hardening.autoconfigure;

import java.nio.charset.StandardCharsets;
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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A header fixed at startup goes into Tomcat's header list as bytes, which Tomcat writes without
 * encoding them, exactly where and when {@code addHeader} would have put it; and through the
 * Servlet API wherever bytes cannot go or a wrapper would not see them. On real Tomcat response
 * objects, with no server.
 */
class EncodedHeaderTests {

	private static final EncodedHeader NOSNIFF = EncodedHeader.of("X-Content-Type-Options", "nosniff");

	@Test
	void onThisClassPathTomcatsResponseIsAsExpected() {
		// if Tomcat's fields change, the fast path would go quietly: this says so
		assertThat(ResponseHeaderBytes.available()).isTrue();
	}

	@Test
	void onTomcatTheHeaderIsAddedAsBytesAndReadsBackAsText() {
		Response tomcat = tomcatResponse();
		HttpServletResponse facade = tomcat.getResponse();

		NOSNIFF.addTo(facade);

		MimeHeaders headers = tomcat.getCoyoteResponse().getMimeHeaders();
		assertThat(headers.size()).isEqualTo(1);
		assertThat(headers.getName(0).getType()).isEqualTo(MessageBytes.T_BYTES);
		assertThat(headers.getValue(0).getType()).isEqualTo(MessageBytes.T_BYTES);
		assertThat(facade.containsHeader("x-content-type-options")).isTrue();
		assertThat(facade.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(facade.getHeaderNames()).containsExactly("X-Content-Type-Options");
	}

	@Test
	void tomcatReusingItsHeaderFieldsNeverWritesIntoTheHeadersBytes() {
		EncodedHeader header = EncodedHeader.of("X-Fixed", "a value longer than the 32 bytes Tomcat sets aside for a number");
		org.apache.coyote.Response coyote = new org.apache.coyote.Response();
		Response tomcat = new Response(coyote);
		for (int i = 0; i < 3; i++) {
			header.addTo(tomcat.getResponse());
			coyote.recycle();
			// the next response reuses the field for a header Tomcat writes into its buffer
			coyote.getMimeHeaders().addValue("Content-Length").setLong(84);
			coyote.getMimeHeaders().addValue("X-Other").setLong(4_294_967_296L);
			coyote.recycle();
		}

		assertThat(new String(header.encodedName().bytes(), StandardCharsets.US_ASCII)).isEqualTo("X-Fixed");
		assertThat(new String(header.valueBytes(), StandardCharsets.US_ASCII)).isEqualTo("a value longer than the 32 bytes Tomcat sets aside for a number");
		header.addTo(tomcat.getResponse());
		assertThat(tomcat.getResponse().getHeader("X-Fixed")).isEqualTo("a value longer than the 32 bytes Tomcat sets aside for a number");
	}

	@Test
	void aSecondValueIsAddedNotReplacedAsAddHeaderDoes() {
		Response tomcat = tomcatResponse();
		HttpServletResponse facade = tomcat.getResponse();
		facade.addHeader("Vary", "Origin");

		EncodedHeader.of("Vary", "Accept-Encoding").addTo(facade);

		assertThat(facade.getHeaders("Vary")).containsExactly("Origin", "Accept-Encoding");
	}

	@Test
	void setHeaderAndResetAfterItWorkOnTheFieldAsOnText() {
		// the headers shared by every profile are added at sendError; the error page, or Spring
		// Security on the error dispatch, may set one of them again
		Response tomcat = tomcatResponse();
		HttpServletResponse facade = tomcat.getResponse();
		EncodedHeader.of("X-Frame-Options", "DENY").addTo(facade);
		NOSNIFF.addTo(facade);

		facade.setHeader("x-frame-options", "SAMEORIGIN");

		assertThat(facade.getHeaders("X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(facade.getHeaderNames()).containsExactly("X-Frame-Options", "X-Content-Type-Options");
		facade.setHeader("X-Content-Type-Options", null);
		assertThat(facade.containsHeader("X-Content-Type-Options")).isFalse();
		facade.reset();
		assertThat(facade.getHeaderNames()).isEmpty();
		NOSNIFF.addTo(facade);
		assertThat(facade.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void aCommittedResponseIgnoresItAsTomcatDoes() {
		Response tomcat = tomcatResponse();
		tomcat.getCoyoteResponse().setCommitted(true);

		NOSNIFF.addTo(tomcat.getResponse());

		assertThat(tomcat.getCoyoteResponse().getMimeHeaders().size()).isZero();
	}

	@Test
	void aResponseTheApplicationFinishedIgnoresItAsAddHeaderDoes() throws Exception {
		// Tomcat's facade drops headers once the application is done with the response, before
		// it commits: after sendError (until the error page's dispatch), or once marked so
		Response afterError = tomcatResponse();
		afterError.getResponse().sendError(404);
		Response appCommitted = tomcatResponse();
		appCommitted.setAppCommitted(true);

		for (Response tomcat : List.of(afterError, appCommitted)) {
			assertThat(tomcat.getCoyoteResponse().isCommitted()).isFalse();
			tomcat.getResponse().addHeader("X-Text", "dropped");
			NOSNIFF.addTo(tomcat.getResponse());

			assertThat(tomcat.getCoyoteResponse().getMimeHeaders().size()).isZero();
		}
	}

	@Test
	void aWrapperThatDoesNotLookAtHeadersIsPassed() {
		Response tomcat = tomcatResponse();

		NOSNIFF.addTo(new HttpServletResponseWrapper(new HttpServletResponseWrapper(tomcat.getResponse())));

		assertThat(tomcat.getCoyoteResponse().getMimeHeaders().getValue(0).getType()).isEqualTo(MessageBytes.T_BYTES);
	}

	@Test
	void aWrapperThatWatchesAddedHeadersSeesIt() {
		Response tomcat = tomcatResponse();
		List<String> seen = new ArrayList<>();
		HttpServletResponse watching = new HttpServletResponseWrapper(tomcat.getResponse()) {

			@Override
			public void addHeader(String name, String value) {
				seen.add(name + ": " + value);
				super.addHeader(name, value);
			}

		};

		NOSNIFF.addTo(new HttpServletResponseWrapper(watching));

		assertThat(seen).containsExactly("X-Content-Type-Options: nosniff");
		assertThat(tomcat.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void aWrapperThatSaysItPassesAHeaderIsPassedAndOneThatDoesNotSeesIt() {
		Response tomcat = tomcatResponse();
		List<String> seen = new ArrayList<>();
		class Selective extends HttpServletResponseWrapper implements PassesEncodedHeaders {

			Selective(HttpServletResponse response) {
				super(response);
			}

			@Override
			public boolean passes(String name) {
				return !name.equals("X-Watched");
			}

			@Override
			public void addHeader(String name, String value) {
				seen.add(name);
				super.addHeader(name, value);
			}

		}
		HttpServletResponse selective = new Selective(tomcat.getResponse());

		NOSNIFF.addTo(selective);
		EncodedHeader.of("X-Watched", "yes").addTo(selective);

		assertThat(seen).containsExactly("X-Watched");
		MimeHeaders headers = tomcat.getCoyoteResponse().getMimeHeaders();
		assertThat(headers.getValue(0).getType()).isEqualTo(MessageBytes.T_BYTES);
		assertThat(headers.getValue(1).getType()).isEqualTo(MessageBytes.T_STR);
	}

	@Test
	void headersTomcatKeepsApartGoThroughTheServletApi() {
		Response tomcat = tomcatResponse();

		EncodedHeader.of("content-type", "application/json").addTo(tomcat.getResponse());

		assertThat(tomcat.getContentType()).isEqualTo("application/json");
		assertThat(tomcat.getCoyoteResponse().getMimeHeaders().size()).isZero();
	}

	@Test
	void anotherContainersResponseGetsItThroughTheServletApi() {
		MockHttpServletResponse response = new MockHttpServletResponse();

		NOSNIFF.addTo(response);

		assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void onlyATokenNameAndAPrintableAsciiValueAreEncoded() {
		assertThat(NOSNIFF.valueBytes()).isEqualTo("nosniff".getBytes(StandardCharsets.US_ASCII));
		assertThatIllegalArgumentException().isThrownBy(() -> EncodedHeader.of("X-A b", "v"));
		assertThatIllegalArgumentException().isThrownBy(() -> EncodedHeader.of("", "v"));
		assertThatIllegalArgumentException().isThrownBy(() -> EncodedHeader.of("X-A", "v\r\nSet-Cookie: a=b"));
		assertThatIllegalArgumentException().isThrownBy(() -> EncodedHeader.of("X-A", "caf\u00e9"));
	}

	@Test
	void noCallerCanGiveOrChangeBytesThatOfDidNotCheck() {
		// Tomcat filters control characters out of text headers, never out of bytes: a public
		// constructor would take bytes of(...) never checked ("ok\r\nSet-Cookie: a=b" went on the
		// wire as two headers from a filter outside hardening's, while the text, through a
		// wrapper, said "ok"), and a public accessor would hand out the arrays every response
		// shares, to be changed after the check
		assertThat(EncodedHeader.class.getConstructors()).isEmpty();
		assertThat(EncodedHeader.class.getMethods()).noneMatch((method) -> method.getReturnType() == byte[].class);
	}

	private static Response tomcatResponse() {
		return new Response(new org.apache.coyote.Response());
	}

}
