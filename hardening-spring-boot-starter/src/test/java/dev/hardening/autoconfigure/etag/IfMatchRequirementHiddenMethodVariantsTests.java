package dev.hardening.autoconfigure.etag;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on {@code hardening.etag.require-if-match} through the request dispatch of Spring MVC,
 * in an application with its own {@code HiddenHttpMethodFilter} (parameter {@code verb}, not
 * Spring's {@code _method}) and Spring's {@code UrlHandlerFilter} stripping trailing slashes: the
 * method named in a form, a multipart form, the query, repeated, padded, in JSON, in an
 * {@code X-HTTP-Method-Override} header; a handler mapped for every method; an async handler; a
 * trailing slash the filter's pattern does not match but the handler does; an empty
 * {@code If-Match}. None writes without the current tag; the current tag writes; the
 * {@code 428} is a problem that no cache keeps and that carries no ETag. Holds on the current code.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = IfMatchAttackApplication.class,
		properties = { "hardening.etag.require-if-match=/projects/*,/files/**,/actuator/**",
				"management.endpoints.web.exposure.include=caches,health" })
class IfMatchRequirementHiddenMethodVariantsTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	@LocalServerPort
	private int port;

	@BeforeEach
	void clear() {
		IfMatchAttackApplication.WRITES.clear();
	}

	private EtagWire wire() {
		return new EtagWire(this.port);
	}

	private static void assertRequired(EtagWire.Response response) {
		assertThat(IfMatchAttackApplication.WRITES).as(response.toString()).isEmpty();
		assertThat(response.status()).as(response.toString()).isEqualTo(428);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		assertThat(response.header("ETag")).isNull();
		assertThat(response.body()).contains("\"code\":\"PRECONDITION_REQUIRED\"")
			.doesNotContain("written", "Exception");
	}

	private static void assertNotWritten(EtagWire.Response response) {
		assertThat(IfMatchAttackApplication.WRITES).as(response.toString()).isEmpty();
		assertThat(response.status()).as(response.toString()).isBetween(400, 499);
		assertThat(response.body()).doesNotContain("written");
	}

	@ParameterizedTest
	@ValueSource(strings = { "verb=PUT", "verb=patch", "verb=Delete", "verb=PUT&verb=POST", "x=1&verb=DELETE&y=2",
			"v%65rb=PUT", "verb=%50UT" })
	void theApplicationsOwnMethodParameterInAFormMustStillBeConditional(String form) {
		assertRequired(wire().send("POST", "/projects/1", form, "Content-Type", FORM));
	}

	@Test
	void theMethodInTheQueryWithADifferentOneInTheFormMustStillBeConditional() {
		assertRequired(wire().send("POST", "/projects/1?verb=DELETE", "verb=POST", "Content-Type", FORM));
	}

	@Test
	void theMethodInAMultipartFormMustStillBeConditional() {
		String body = "--b0undary\r\nContent-Disposition: form-data; name=\"verb\"\r\n\r\nPUT\r\n--b0undary--\r\n";

		assertRequired(wire().send("POST", "/projects/1", body, "Content-Type", "multipart/form-data; boundary=b0undary"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "verb=%20PUT", "verb=PUT%20", "verb=PUT%00", "_method=PUT", "verb=PURGE", "verb=" })
	void aMethodParameterTheFilterDoesNotTakeLeavesAPost(String form) {
		assertNotWritten(wire().send("POST", "/projects/1", form, "Content-Type", FORM));
	}

	@Test
	void aMethodInAJsonBodyOrAnOverrideHeaderLeavesAPost() {
		assertNotWritten(wire().send("POST", "/projects/1", "{\"verb\":\"PUT\",\"_method\":\"PUT\"}", "Content-Type",
				"application/json"));
		assertNotWritten(wire().send("POST", "/projects/1", "x", "Content-Type", "text/plain",
				"X-HTTP-Method-Override", "PUT", "X-HTTP-Method", "DELETE", "X-Method-Override", "PATCH"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "PUT", "PATCH", "DELETE" })
	void aHandlerMappedForEveryMethodMustStillBeConditional(String method) {
		assertRequired(wire().send(method, "/projects/any-1", "x", "Content-Type", "text/plain"));
		assertRequired(wire().send("POST", "/projects/any-1", "verb=" + method, "Content-Type", FORM));
	}

	@Test
	void aTrailingSlashTheRequiredPatternDoesNotMatchButTheHandlerDoesMustStillBeConditional() {
		assertRequired(wire().send("PUT", "/projects/1/", "x", "Content-Type", "text/plain"));
		assertRequired(wire().send("POST", "/projects/1/?verb=PATCH", "", "Content-Type", FORM));
		assertRequired(wire().send("DELETE", "/projects/any-1/", null));
	}

	@Test
	void anAsyncWriteMustBeConditionalAndWritesWithTheCurrentTag() {
		assertRequired(wire().send("PUT", "/projects/async-1", "x", "Content-Type", "text/plain"));
		assertRequired(wire().send("POST", "/projects/async-1", "verb=PUT", "Content-Type", FORM));

		EtagWire.Response response = wire().send("POST", "/projects/async-1", "verb=PUT", "Content-Type", FORM,
				"If-Match", "\"7\"");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("written async 1");
	}

	@Test
	void theCurrentTagWritesThroughTheHiddenMethodAndATrailingSlash() {
		EtagWire.Response response = wire().send("POST", "/projects/1/", "verb=PATCH", "Content-Type", FORM,
				"If-Match", "\"7\"");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("written PATCH 1");
		assertThat(IfMatchAttackApplication.WRITES).containsExactly("PATCH /projects/1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\"6\"", "W/\"7\"" })
	void anEmptyOrStaleIfMatchThroughTheHiddenMethodDoesNotWrite(String ifMatch) {
		EtagWire.Response response = wire().send("POST", "/projects/1", "verb=DELETE", "Content-Type", FORM,
				"If-Match", ifMatch);

		assertThat(response.status()).as(response.toString()).isEqualTo(412);
		assertThat(response.header("ETag")).isNull();
		assertNotWritten(response);
	}

}
