package dev.hardening.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A header whose value each response gives (a request ID, an ETag) goes into Tomcat's header list
 * as bytes when the value is printable ASCII, exactly as {@code setHeader} or {@code addHeader}
 * would have put it there as text; anything else goes through the Servlet API, where Tomcat
 * filters it as any text header. On real Tomcat response objects, with no server.
 */
class EncodedHeaderNameTests {

	private static final EncodedHeaderName ETAG = EncodedHeaderName.of("ETag");

	@Test
	void aPrintableAsciiValueIsSetAsBytesAndReadsBackAsText() {
		Response tomcat = tomcatResponse();
		HttpServletResponse facade = tomcat.getResponse();

		ETAG.set(facade, "W/\"H42KYkGX8C8ARA\"");

		MimeHeaders headers = tomcat.getCoyoteResponse().getMimeHeaders();
		assertThat(headers.size()).isEqualTo(1);
		assertThat(headers.getName(0).getType()).isEqualTo(MessageBytes.T_BYTES);
		assertThat(headers.getValue(0).getType()).isEqualTo(MessageBytes.T_BYTES);
		assertThat(facade.getHeader("etag")).isEqualTo("W/\"H42KYkGX8C8ARA\"");
		assertThat(facade.getHeaderNames()).containsExactly("ETag");
	}

	@Test
	void setReplacesEveryValueOfTheNameAsSetHeaderDoes() {
		Response tomcat = tomcatResponse();
		HttpServletResponse facade = tomcat.getResponse();
		facade.addHeader("X-Before", "1");
		facade.addHeader("etag", "\"a\"");
		facade.addHeader("X-Between", "2");
		facade.addHeader("ETAG", "\"b\"");

		ETAG.set(facade, "\"c\"");

		assertThat(facade.getHeaders("ETag")).containsExactly("\"c\"");
		// in the place of the first, as Tomcat's setHeader: the list of names is unchanged but for the duplicate
		assertThat(facade.getHeaderNames()).containsExactly("X-Before", "etag", "X-Between");
		ETAG.set(facade, "\"d\"");
		assertThat(facade.getHeaders("ETag")).containsExactly("\"d\"");
	}

	@Test
	void addAddsAValueAsAddHeaderDoes() {
		Response tomcat = tomcatResponse();
		HttpServletResponse facade = tomcat.getResponse();
		EncodedHeaderName rateLimit = EncodedHeaderName.of("RateLimit");
		facade.addHeader("RateLimit", "\"a\";r=1;t=2");

		rateLimit.add(facade, "\"b\";r=3;t=4");

		// read before the Servlet API reads it: Tomcat makes text of a field it is asked for
		assertThat(tomcat.getCoyoteResponse().getMimeHeaders().getValue(1).getType()).isEqualTo(MessageBytes.T_BYTES);
		assertThat(facade.getHeaders("RateLimit")).containsExactly("\"a\";r=1;t=2", "\"b\";r=3;t=4");
	}

	@Test
	void aValueThatIsNotPrintableAsciiGoesThroughTheServletApiWhereTomcatFiltersIt() {
		for (String value : List.of("a\r\nSet-Cookie: x=y", "caf\u00e9", "tab\there", "\u0000", "bell\u007f")) {
			Response tomcat = tomcatResponse();
			HttpServletResponse facade = tomcat.getResponse();
			Response text = tomcatResponse();
			text.getResponse().setHeader("ETag", value);

			ETAG.set(facade, value);

			MimeHeaders headers = tomcat.getCoyoteResponse().getMimeHeaders();
			assertThat(headers.getValue(0).getType()).as(value).isEqualTo(MessageBytes.T_STR);
			assertThat(facade.getHeader("ETag")).as(value).isEqualTo(text.getResponse().getHeader("ETag"));
		}
	}

	@Test
	void aNullValueRemovesTheHeaderAsSetHeaderDoes() {
		Response tomcat = tomcatResponse();
		HttpServletResponse facade = tomcat.getResponse();
		ETAG.set(facade, "\"a\"");

		ETAG.set(facade, null);

		assertThat(facade.containsHeader("ETag")).isFalse();
	}

	@Test
	void aCommittedOrFinishedResponseIgnoresItAsTheFacadeDoes() throws Exception {
		Response committed = tomcatResponse();
		committed.getCoyoteResponse().setCommitted(true);
		Response afterError = tomcatResponse();
		afterError.getResponse().sendError(404);

		for (Response tomcat : List.of(committed, afterError)) {
			ETAG.set(tomcat.getResponse(), "\"a\"");
			ETAG.add(tomcat.getResponse(), "\"a\"");

			assertThat(tomcat.getCoyoteResponse().getMimeHeaders().size()).isZero();
		}
	}

	@Test
	void aWrapperThatWatchesSetHeadersSeesASetAndOneThatWatchesOnlyAddedOnesDoesNot() {
		Response tomcat = tomcatResponse();
		List<String> seen = new ArrayList<>();
		HttpServletResponse watchingSet = new HttpServletResponseWrapper(tomcat.getResponse()) {

			@Override
			public void setHeader(String name, String value) {
				seen.add("set " + name);
				super.setHeader(name, value);
			}

		};
		HttpServletResponse watchingAdd = new HttpServletResponseWrapper(tomcat.getResponse()) {

			@Override
			public void addHeader(String name, String value) {
				seen.add("add " + name);
				super.addHeader(name, value);
			}

		};

		ETAG.set(watchingSet, "\"a\"");
		EncodedHeaderName.of("X-Request-ID").add(watchingSet, "01");
		ETAG.set(watchingAdd, "\"b\"");
		EncodedHeaderName.of("RateLimit").add(watchingAdd, "\"p\";r=1;t=1");

		assertThat(seen).containsExactly("set ETag", "add RateLimit");
		assertThat(tomcat.getResponse().getHeader("ETag")).isEqualTo("\"b\"");
	}

	@Test
	void aWrapperThatSaysItDoesNotPassTheNameSeesIt() {
		Response tomcat = tomcatResponse();
		List<String> seen = new ArrayList<>();
		class Selective extends HttpServletResponseWrapper implements PassesEncodedHeaders {

			Selective(HttpServletResponse response) {
				super(response);
			}

			@Override
			public boolean passes(String name) {
				return !name.equalsIgnoreCase("ETag");
			}

			@Override
			public void setHeader(String name, String value) {
				seen.add(name);
				super.setHeader(name, value);
			}

		}

		ETAG.set(new Selective(tomcat.getResponse()), "\"a\"");
		EncodedHeaderName.of("X-Request-ID").set(new Selective(tomcat.getResponse()), "01");

		assertThat(seen).containsExactly("ETag");
		MimeHeaders headers = tomcat.getCoyoteResponse().getMimeHeaders();
		assertThat(headers.getValue(0).getType()).isEqualTo(MessageBytes.T_STR);
		assertThat(headers.getValue(1).getType()).isEqualTo(MessageBytes.T_BYTES);
	}

	@Test
	void namesTomcatKeepsApartGoThroughTheServletApi() {
		Response tomcat = tomcatResponse();

		EncodedHeaderName.of("Content-Type").set(tomcat.getResponse(), "text/plain");

		assertThat(tomcat.getContentType()).isEqualTo("text/plain");
		assertThat(tomcat.getCoyoteResponse().getMimeHeaders().size()).isZero();
	}

	@Test
	void anotherContainersResponseGetsItThroughTheServletApi() {
		MockHttpServletResponse response = new MockHttpServletResponse();

		ETAG.set(response, "\"a\"");
		ETAG.set(response, "\"b\"");
		EncodedHeaderName.of("Vary").add(response, "Origin");

		assertThat(response.getHeaders("ETag")).containsExactly("\"b\"");
		assertThat(response.getHeader("Vary")).isEqualTo("Origin");
	}

	@Test
	void isOnAnswersAsContainsHeaderWithoutMakingTextOfTheField() {
		Response tomcat = tomcatResponse();
		HttpServletResponse facade = tomcat.getResponse();
		EncodedHeaderName rateLimit = EncodedHeaderName.of("RateLimit");
		assertThat(rateLimit.isOn(facade)).isFalse();

		rateLimit.add(facade, "\"p\";r=1;t=1");

		assertThat(rateLimit.isOn(new HttpServletResponseWrapper(facade))).isTrue();
		assertThat(EncodedHeaderName.of("ratelimit").isOn(facade)).isTrue();
		assertThat(tomcat.getCoyoteResponse().getMimeHeaders().getValue(0).getType()).isEqualTo(MessageBytes.T_BYTES);
		// what the Servlet API would have done
		assertThat(facade.containsHeader("RateLimit")).isTrue();
		assertThat(tomcat.getCoyoteResponse().getMimeHeaders().getValue(0).getType()).isEqualTo(MessageBytes.T_STR);
	}

	@Test
	void isOnAsksAWrapperThatAnswersContainsHeaderItself() {
		Response tomcat = tomcatResponse();
		HttpServletResponse hiding = new HttpServletResponseWrapper(tomcat.getResponse()) {

			@Override
			public boolean containsHeader(String name) {
				return false;
			}

		};
		tomcat.getResponse().addHeader("RateLimit", "\"p\";r=1;t=1");

		assertThat(EncodedHeaderName.of("RateLimit").isOn(hiding)).isFalse();
		assertThat(EncodedHeaderName.of("RateLimit").isOn(new MockHttpServletResponse())).isFalse();
	}

	@Test
	void onlyATokenIsAName() {
		assertThatIllegalArgumentException().isThrownBy(() -> EncodedHeaderName.of("X-A b"));
		assertThatIllegalArgumentException().isThrownBy(() -> EncodedHeaderName.of(""));
		assertThatIllegalArgumentException().isThrownBy(() -> EncodedHeaderName.of("X-A:"));
		assertThat(EncodedHeaderName.class.getConstructors()).isEmpty();
		assertThat(EncodedHeaderName.class.getMethods()).noneMatch((method) -> method.getReturnType() == byte[].class);
	}

	/**
	 * Whatever values responses give, one after the other on the same Tomcat objects (recycled
	 * between responses, their header fields and buffers reused, Tomcat writing numbers into them
	 * too), each response reads back what {@code setHeader} and {@code addHeader} would have left:
	 * no value leaks into another, however long or short, and a value that is not printable ASCII
	 * is as Tomcat makes it of text.
	 */
	@Property(tries = 300)
	void reusedHeaderFieldsHoldWhatTheServletApiWouldHold(@ForAll("responses") List<List<String>> responses) {
		org.apache.coyote.Response coyote = new org.apache.coyote.Response();
		Response tomcat = new Response(coyote);
		EncodedHeaderName requestId = EncodedHeaderName.of("X-Request-ID");
		for (List<String> values : responses) {
			Response text = tomcatResponse();
			HttpServletResponse facade = tomcat.getResponse();
			for (int i = 0; i < values.size(); i++) {
				String value = values.get(i);
				if (i % 3 == 0) {
					ETAG.set(facade, value);
					text.getResponse().setHeader("ETag", value);
				}
				else if (i % 3 == 1) {
					requestId.add(facade, value);
					text.getResponse().addHeader("X-Request-ID", value);
				}
				else {
					coyote.getMimeHeaders().addValue("Content-Length").setLong(value.length() * 1_000_003L);
					text.getCoyoteResponse().getMimeHeaders().addValue("Content-Length").setLong(value.length() * 1_000_003L);
				}
			}
			assertThat(headers(facade)).isEqualTo(headers(text.getResponse()));
			coyote.recycle();
		}
	}

	@Provide
	Arbitrary<List<List<String>>> responses() {
		Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80);
		Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(40);
		Arbitrary<String> value = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, ascii), net.jqwik.api.Tuple.of(2, any));
		return value.list().ofMaxSize(7).list().ofMinSize(1).ofMaxSize(6);
	}

	@Test
	void printableAsciiIsCheckedWithoutAllocating() {
		assertThat(EncodedHeaderName.isPrintableAscii(" !~")).isTrue();
		assertThat(EncodedHeaderName.isPrintableAscii("")).isTrue();
		assertThat(EncodedHeaderName.isPrintableAscii(null)).isFalse();
		assertThat(EncodedHeaderName.isPrintableAscii("\u001f")).isFalse();
		assertThat(EncodedHeaderName.isPrintableAscii("\u007f")).isFalse();
		assertThat(EncodedHeaderName.isPrintableAscii("\u0100")).isFalse();
	}

	private static List<String> headers(HttpServletResponse response) {
		List<String> headers = new ArrayList<>();
		for (String name : response.getHeaderNames()) {
			for (String value : response.getHeaders(name)) {
				headers.add(name + ": " + value);
			}
		}
		return Collections.unmodifiableList(headers);
	}

	private static Response tomcatResponse() {
		return new Response(new org.apache.coyote.Response());
	}

}
