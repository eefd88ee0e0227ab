package dev.hardening.autoconfigure.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.web.TrustedProxies;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every casing and separator variant of a default secret name, alone or inside a longer name, is
 * redacted from the access log: in a JSON request body and in the query string, its value never
 * appears in the logged event. And short secret names stay words: {@code monkey} is no key.
 */
class SecretRedactionPropertyTests {

	private static final HardeningWebProperties DEFAULTS = new HardeningWebProperties();

	private final AccessLogEvents events = new AccessLogEvents();

	private AccessLogFilter filter;

	@BeforeProperty
	void listen() {
		HardeningWebProperties properties = new HardeningWebProperties();
		properties.getAccessLog().getBodies().setEnabled(true);
		AccessLogBodies bodies = AccessLogBodies.of(properties.getAccessLog().getBodies(), getClass().getClassLoader());
		this.filter = new AccessLogFilter(properties.getAccessLog(), PathPatterns.of(List.of(), "", List.of(), ""),
				new ClientAddressResolver(TrustedProxies.none()), new WebRejections(), bodies);
		this.events.listen();
	}

	@AfterProperty
	void stop() {
		this.events.stop();
	}

	@Property(tries = 300)
	void aVariantOfADefaultBodySecretNameIsRedactedInAJsonBody(@ForAll("bodySecretNames") String name,
			@ForAll("secretValues") String value) throws Exception {
		String body = "{\"id\":7,\"" + name + "\":\"" + value + "\",\"nested\":{\"" + name + "\":[\"" + value + "\"]}}";

		ILoggingEvent event = log("/orders?page=2", body);

		assertThat((String) AccessLogEvents.fields(event).get("http.request.body.content")).contains("\"id\":7")
			.contains("\"" + name + "\":\"***\"");
		assertNowhere(event, value);
	}

	@Property(tries = 300)
	void aVariantOfADefaultQuerySecretNameIsRedactedInTheQuery(@ForAll("querySecretNames") String name,
			@ForAll("secretValues") String value) throws Exception {
		ILoggingEvent event = log("/orders?page=2&" + name + "=" + value, "{}");

		assertThat(AccessLogEvents.fields(event).get("url.query")).isEqualTo("page=2&" + name + "=[redacted]");
		assertNowhere(event, value);
	}

	private static void assertNowhere(ILoggingEvent event, String value) {
		assertThat(event.getFormattedMessage()).doesNotContain(value);
		assertThat(AccessLogEvents.fields(event).values())
			.allSatisfy((field) -> assertThat(String.valueOf(field)).doesNotContain(value));
	}

	@Example
	void theDefaultsCoverCommonSecretNames() throws Exception {
		ILoggingEvent event = log("/s?key=v1&api_key=v2&X-API-KEY=v3&pin=v4&ssn=v5&cvv=v6&privateKey=v7&page=2",
				"{\"key\":\"v1\",\"api_key\":\"v2\",\"X-API-KEY\":\"v3\",\"pin\":\"v4\",\"ssn\":\"v5\","
						+ "\"cvv\":\"v6\",\"privateKey\":\"v7\",\"page\":2}");

		Map<String, Object> fields = AccessLogEvents.fields(event);
		assertThat(fields.get("url.query")).isEqualTo("key=[redacted]&api_key=[redacted]&X-API-KEY=[redacted]"
				+ "&pin=[redacted]&ssn=[redacted]&cvv=[redacted]&privateKey=[redacted]&page=2");
		assertThat(fields.get("http.request.body.content")).isEqualTo("{\"key\":\"***\",\"api_key\":\"***\","
				+ "\"X-API-KEY\":\"***\",\"pin\":\"***\",\"ssn\":\"***\",\"cvv\":\"***\",\"privateKey\":\"***\",\"page\":2}");
	}

	@Example
	void shortNamesMatchWholeWordsOnly() throws Exception {
		ILoggingEvent event = log("/s?monkey=banana&shipping=fast&className=x&user_pin=1234&SSN=123&apikey=k",
				"{\"monkey\":\"banana\",\"shipping\":\"fast\",\"userPin\":\"1234\",\"APIKey\":\"k\",\"keyboard\":\"q\"}");

		Map<String, Object> fields = AccessLogEvents.fields(event);
		assertThat(fields.get("url.query"))
			.isEqualTo("monkey=banana&shipping=fast&className=x&user_pin=[redacted]&SSN=[redacted]&apikey=[redacted]");
		assertThat(fields.get("http.request.body.content")).isEqualTo(
				"{\"monkey\":\"banana\",\"shipping\":\"fast\",\"userPin\":\"***\",\"APIKey\":\"***\",\"keyboard\":\"q\"}");
	}

	@Example
	void aPercentEncodedNameIsMatchedAsDecoded() throws Exception {
		ILoggingEvent event = log("/s?api%5Fkey=k1&%50IN=k2&x+api+key=k3", "{}");

		assertThat(AccessLogEvents.fields(event).get("url.query"))
			.isEqualTo("api%5Fkey=[redacted]&%50IN=[redacted]&x+api+key=[redacted]");
	}

	@Provide
	Arbitrary<String> bodySecretNames() {
		return named(DEFAULTS.getAccessLog().getBodies().getRedact().stream().filter((name) -> !name.contains(".")).toList());
	}

	@Provide
	Arbitrary<String> querySecretNames() {
		return named(DEFAULTS.getAccessLog().getRedactedParameters());
	}

	/** A variant of one of the names, alone or joined to other words by a separator. */
	private static Arbitrary<String> named(List<String> defaults) {
		Arbitrary<String> variant = Arbitraries.of(defaults).flatMap(SecretRedactionPropertyTests::variants);
		Arbitrary<String> affix = Arbitraries.of("", "x", "user", "new", "old", "my", "X", "USER", "current");
		Arbitrary<String> joint = Arbitraries.of("_", "-", ".");
		return Combinators.combine(affix, joint, variant, joint, affix)
			.as((prefix, before, name, after, suffix) -> (prefix.isEmpty() ? "" : prefix + before) + name
					+ (suffix.isEmpty() ? "" : after + suffix));
	}

	/** The name with each letter in either case and any separators between its letters. */
	private static Arbitrary<String> variants(String name) {
		String letters = name.replace("_", "").replace("-", "").toLowerCase(java.util.Locale.ROOT);
		Arbitrary<Boolean> upper = Arbitraries.of(true, false);
		Arbitrary<String> separator = Arbitraries.of("", "", "", "_", "-");
		return Combinators.combine(upper.list().ofSize(letters.length()), separator.list().ofSize(letters.length()))
			.as((cases, separators) -> {
				StringBuilder out = new StringBuilder();
				for (int i = 0; i < letters.length(); i++) {
					if (i > 0) {
						out.append(separators.get(i));
					}
					char c = letters.charAt(i);
					out.append(cases.get(i) ? Character.toUpperCase(c) : c);
				}
				return out.toString();
			});
	}

	@Provide
	Arbitrary<String> secretValues() {
		return Arbitraries.strings().alpha().numeric().ofMinLength(6).ofMaxLength(40).map((s) -> "Zq9" + s);
	}

	private ILoggingEvent log(String target, String body) throws Exception {
		int question = target.indexOf('?');
		MockHttpServletRequest request = new MockHttpServletRequest("POST", target.substring(0, question));
		request.setQueryString(target.substring(question + 1));
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		String requestId = Long.toString(System.nanoTime());
		org.slf4j.MDC.put("requestId", requestId);
		try {
			this.filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain(new ReadingServlet()));
		}
		finally {
			org.slf4j.MDC.remove("requestId");
		}
		List<ILoggingEvent> logged = this.events.of(requestId);
		assertThat(logged).hasSize(1);
		return logged.get(0);
	}

	/** Reads the body, as an application would, so the access log sees it. */
	static final class ReadingServlet extends jakarta.servlet.http.HttpServlet {

		@Override
		protected void service(jakarta.servlet.http.HttpServletRequest request,
				jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
			request.getInputStream().readAllBytes();
			response.setStatus(200);
		}

	}

}
