package dev.hardening.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.buf.MessageBytes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wrapper that says which headers it passes ({@link PassesEncodedHeaders}) answers for the
 * {@code setHeader} and {@code addHeader} of its own class: a subclass of it that overrides them
 * to watch the headers, and inherits the answer, is gone through, as any wrapper that overrides
 * them without saying which it passes. {@link CommitAwareResponse} is public and abstract, made
 * to be extended. On real Tomcat response objects, with no server.
 */
class PassesEncodedHeadersSubclassTests {

	@Test
	void aSubclassThatWatchesHeadersAndInheritsPassesSeesEveryOne() {
		Response tomcat = new Response(new org.apache.coyote.Response());
		List<String> seen = new ArrayList<>();
		Watching watching = new Watching(tomcat.getResponse(), seen);

		EncodedHeaderName.of("ETag").set(watching, "\"a\"");
		EncodedHeaderName.of("RateLimit").add(watching, "\"p\";r=1;t=1");
		EncodedHeader.of("X-Fixed", "1").addTo(watching);

		assertThat(seen).containsExactly("set ETag", "add RateLimit", "add X-Fixed");
		assertThat(tomcat.getResponse().getHeader("ETag")).isEqualTo("\"a\"");
	}

	@Test
	void aSubclassThatSaysAgainWhichItPassesIsPassedForThose() {
		Response tomcat = new Response(new org.apache.coyote.Response());
		List<String> seen = new ArrayList<>();
		WatchingEtagOnly watching = new WatchingEtagOnly(tomcat.getResponse(), seen);

		EncodedHeaderName.of("ETag").set(watching, "\"a\"");
		EncodedHeaderName.of("X-Request-ID").set(watching, "01");

		assertThat(seen).containsExactly("set ETag");
		assertThat(tomcat.getCoyoteResponse().getMimeHeaders().getValue(1).getType()).isEqualTo(MessageBytes.T_BYTES);
	}

	/** An application's commit-aware wrapper that records the headers set or added through it. */
	static class Watching extends CommitAwareResponse {

		final List<String> seen;

		Watching(HttpServletResponse response, List<String> seen) {
			super(response, false);
			this.seen = seen;
		}

		@Override
		protected void onCommit(int status) {
		}

		@Override
		public void setHeader(String name, String value) {
			this.seen.add("set " + name);
			super.setHeader(name, value);
		}

		@Override
		public void addHeader(String name, String value) {
			this.seen.add("add " + name);
			super.addHeader(name, value);
		}

	}

	/** One that watches only the ETag, and says so. */
	static class WatchingEtagOnly extends CommitAwareResponse {

		final List<String> seen;

		WatchingEtagOnly(HttpServletResponse response, List<String> seen) {
			super(response, false);
			this.seen = seen;
		}

		@Override
		protected void onCommit(int status) {
		}

		@Override
		public void setHeader(String name, String value) {
			if ("ETag".equalsIgnoreCase(name)) {
				this.seen.add("set " + name);
			}
			super.setHeader(name, value);
		}

		@Override
		public boolean passes(String name) {
			return super.passes(name) && !"ETag".equalsIgnoreCase(name);
		}

	}

}
