package dev.hardening.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.catalina.connector.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Whatever an application does to a response around hardening's per-response headers (sets or
 * adds the same names in any letter case, removes them with a {@code null}, resets, commits,
 * sends an error), through whatever wrappers (ones that watch {@code setHeader}, {@code addHeader},
 * both, or say which names they pass), the response ends with the headers, and the wrappers have
 * seen the calls, that {@code setHeader}/{@code addHeader} alone would have given: the bytes path
 * is not visible. Two real Tomcat responses side by side, one given the bytes, the other text.
 */
class EncodedHeaderNameEquivalencePropertyTests {

	private static final EncodedHeaderName ETAG = EncodedHeaderName.of("ETag");

	private static final EncodedHeaderName REQUEST_ID = EncodedHeaderName.of("X-Request-ID");

	@Property(tries = 500)
	void theBytesPathEndsAsTheServletApiWould(@ForAll("wrappers") List<Integer> wrappers,
			@ForAll("steps") List<Tuple.Tuple3<Integer, String, String>> steps) throws Exception {
		Response bytes = new Response(new org.apache.coyote.Response());
		Response text = new Response(new org.apache.coyote.Response());
		List<String> seenBytes = new ArrayList<>();
		List<String> seenText = new ArrayList<>();
		HttpServletResponse bytesResponse = wrap(bytes.getResponse(), wrappers, seenBytes);
		HttpServletResponse textResponse = wrap(text.getResponse(), wrappers, seenText);
		for (Tuple.Tuple3<Integer, String, String> step : steps) {
			apply(step, bytesResponse, bytes, true);
			apply(step, textResponse, text, false);
			assertThat(ETAG.isOn(bytesResponse)).isEqualTo(textResponse.containsHeader("ETag"));
			assertThat(REQUEST_ID.isOn(bytesResponse)).isEqualTo(textResponse.containsHeader("x-request-id"));
		}
		assertThat(seenBytes).isEqualTo(seenText);
		assertThat(headers(bytes.getResponse())).isEqualTo(headers(text.getResponse()));
	}

	private static void apply(Tuple.Tuple3<Integer, String, String> step, HttpServletResponse response,
			Response tomcat, boolean asBytes) throws Exception {
		String name = step.get2();
		String value = step.get3();
		switch (step.get1()) {
			case 0 -> {
				if (asBytes) {
					ETAG.set(response, value);
				}
				else {
					response.setHeader("ETag", value);
				}
			}
			case 1 -> {
				if (asBytes) {
					REQUEST_ID.set(response, value);
				}
				else {
					response.setHeader("X-Request-ID", value);
				}
			}
			case 2 -> {
				if (asBytes) {
					REQUEST_ID.add(response, value);
				}
				else {
					response.addHeader("X-Request-ID", value);
				}
			}
			case 3 -> response.setHeader(name, value);
			case 4 -> response.addHeader(name, value);
			case 5 -> {
				if (!response.isCommitted()) {
					response.reset();
				}
			}
			case 6 -> tomcat.getCoyoteResponse().setCommitted(true);
			default -> {
				if (!response.isCommitted()) {
					response.sendError(404);
				}
			}
		}
	}

	/** Only printable ASCII goes as bytes: no CR, LF, other control, DEL or anything past 0x7e. */
	@Property(tries = 2000)
	void printableAsciiIsExactlySpaceToTilde(@ForAll("anyText") String value) {
		boolean expected = value.chars().allMatch((c) -> c >= 0x20 && c <= 0x7e);

		assertThat(EncodedHeaderName.isPrintableAscii(value)).as(value).isEqualTo(expected);
	}

	/** A name is encoded only if it is an RFC 9110 token; any other is refused. */
	@Property(tries = 2000)
	void onlyATokenIsEncodedAsAName(@ForAll("anyText") String name) {
		if (name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
			assertThat(EncodedHeaderName.of(name).name()).isEqualTo(name);
		}
		else {
			assertThatIllegalArgumentException().isThrownBy(() -> EncodedHeaderName.of(name));
		}
	}

	@Provide
	Arbitrary<String> anyText() {
		return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(12),
				Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(12),
				Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12));
	}

	@Provide
	Arbitrary<List<Integer>> wrappers() {
		return Arbitraries.integers().between(0, 4).list().ofMaxSize(3);
	}

	@Provide
	Arbitrary<List<Tuple.Tuple3<Integer, String, String>>> steps() {
		Arbitrary<Integer> kind = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0)), Tuple.of(5, Arbitraries.just(1)),
				Tuple.of(5, Arbitraries.just(2)), Tuple.of(5, Arbitraries.just(3)), Tuple.of(5, Arbitraries.just(4)),
				Tuple.of(1, Arbitraries.just(5)), Tuple.of(1, Arbitraries.just(6)), Tuple.of(1, Arbitraries.just(7)));
		Arbitrary<String> name = Arbitraries.of("ETag", "etag", "ETAG", "X-Request-ID", "x-request-id", "X-Other");
		Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30);
		Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(10);
		Arbitrary<String> value = Arbitraries.frequencyOf(Tuple.of(8, ascii), Tuple.of(2, any),
				Tuple.of(1, Arbitraries.just((String) null)));
		return Combinators.combine(kind, name, value).as(Tuple::of).list().ofMaxSize(12);
	}

	/** Wraps a response: 0 plain, 1 watching set, 2 watching add, 3 watching both, 4 passing all but ETag. */
	private static HttpServletResponse wrap(HttpServletResponse response, List<Integer> kinds, List<String> seen) {
		HttpServletResponse wrapped = response;
		int depth = 0;
		for (int kind : kinds) {
			String tag = kind + "@" + depth++;
			wrapped = switch (kind) {
				case 0 -> new HttpServletResponseWrapper(wrapped);
				case 1 -> new WatchingSet(wrapped, tag, seen);
				case 2 -> new WatchingAdd(wrapped, tag, seen);
				case 3 -> new WatchingBoth(wrapped, tag, seen);
				default -> new PassingAllBut(wrapped, "ETag", tag, seen);
			};
		}
		return wrapped;
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

	static class WatchingSet extends HttpServletResponseWrapper {

		final String tag;

		final List<String> seen;

		WatchingSet(HttpServletResponse response, String tag, List<String> seen) {
			super(response);
			this.tag = tag;
			this.seen = seen;
		}

		@Override
		public void setHeader(String name, String value) {
			this.seen.add(this.tag + " set " + name + "=" + value);
			super.setHeader(name, value);
		}

	}

	static class WatchingAdd extends HttpServletResponseWrapper {

		final String tag;

		final List<String> seen;

		WatchingAdd(HttpServletResponse response, String tag, List<String> seen) {
			super(response);
			this.tag = tag;
			this.seen = seen;
		}

		@Override
		public void addHeader(String name, String value) {
			this.seen.add(this.tag + " add " + name + "=" + value);
			super.addHeader(name, value);
		}

	}

	/** Extends one that watches set: the class between it and the Servlet API's wrapper counts. */
	static class WatchingBoth extends WatchingSet {

		WatchingBoth(HttpServletResponse response, String tag, List<String> seen) {
			super(response, tag, seen);
		}

		@Override
		public void addHeader(String name, String value) {
			this.seen.add(this.tag + " add " + name + "=" + value);
			super.addHeader(name, value);
		}

	}

	/** Watches {@code setHeader} and {@code addHeader} for one name and says it passes every other. */
	static final class PassingAllBut extends HttpServletResponseWrapper implements PassesEncodedHeaders {

		private final String watched;

		private final String tag;

		private final List<String> seen;

		PassingAllBut(HttpServletResponse response, String watched, String tag, List<String> seen) {
			super(response);
			this.watched = watched;
			this.tag = tag;
			this.seen = seen;
		}

		@Override
		public boolean passes(String name) {
			return !this.watched.equalsIgnoreCase(name);
		}

		@Override
		public void setHeader(String name, String value) {
			if (!passes(name)) {
				this.seen.add(this.tag + " set " + name + "=" + value);
			}
			super.setHeader(name, value);
		}

		@Override
		public void addHeader(String name, String value) {
			if (!passes(name)) {
				this.seen.add(this.tag + " add " + name + "=" + value);
			}
			super.addHeader(name, value);
		}

	}

}
