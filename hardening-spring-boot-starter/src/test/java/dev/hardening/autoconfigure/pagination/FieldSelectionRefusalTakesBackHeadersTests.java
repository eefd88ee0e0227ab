package dev.hardening.autoconfigure.pagination;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused selection (UNKNOWN_FIELD) goes out with the headers the response had before the
 * handler ran, whichever way the handler set its own (servlet response, cookie, ResponseEntity),
 * and keeps the headers set before it (an application interceptor's, CORS); a malformed one is
 * refused before any handler runs, asynchronous ones and POSTs included.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = FieldSelectionHeadersApplication.class,
		properties = "hardening.pagination.fields.paths=/attacker/**")
class FieldSelectionRefusalTakesBackHeadersTests {

	@LocalServerPort
	private int port;

	@Test
	void headersTheHandlerSetOnTheServletResponseAreTakenBack() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> ok = http.get("/attacker/servlet?fields=id");
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.headers().firstValue("X-Handler")).hasValue("set");

		HttpResponse<String> refused = http.get("/attacker/servlet?fields=colour");

		assertProblem(refused, 400, "UNKNOWN_FIELD");
		assertThat(refused.headers().firstValue("X-Handler")).isEmpty();
		assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(refused.headers().allValues("Vary")).noneMatch((vary) -> vary.contains("Accept-Language"));
		// set before the handler: kept, changed ones given back their value, added values taken back
		assertThat(refused.headers().allValues("X-Before")).containsExactly("kept");
		assertThat(refused.headers().allValues("X-Multi")).containsExactly("first");
		assertThat(refused.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(refused.headers().allValues("Cache-Control")).containsExactly("no-store");
	}

	@Test
	void headersOfAResponseEntityAreTakenBack() {
		HttpResponse<String> refused = new TestHttp(this.port).get("/attacker/entity?fields=colour");

		assertProblem(refused, 400, "UNKNOWN_FIELD");
		assertThat(refused.headers().firstValue("ETag")).isEmpty();
		assertThat(refused.headers().firstValue("X-Entity")).isEmpty();
		assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(refused.headers().allValues("Cache-Control")).containsExactly("no-store");
	}

	@Test
	void anAsyncHandlersHeadersAreTakenBackAndAMalformedSelectionNeverReachesIt() {
		TestHttp http = new TestHttp(this.port);
		assertThat(json(http.get("/attacker/async?fields=name").body()).toString()).isEqualTo("{\"name\":\"three\"}");

		HttpResponse<String> refused = http.get("/attacker/async?fields=colour");
		assertProblem(refused, 400, "UNKNOWN_FIELD");
		assertThat(refused.headers().firstValue("X-Handler")).isEmpty();
		assertThat(refused.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

		int before = FieldSelectionHeadersApplication.INVOCATIONS.get();
		assertProblem(http.get("/attacker/async?fields=a..b"), 400, "INVALID_PARAMETER");
		assertProblem(http.post("/attacker/create?fields=(", "application/json", "{}"), 400, "INVALID_PARAMETER");
		assertProblem(http.get("/attacker/servlet?fields=" + "a.".repeat(8) + "a"), 400, "INVALID_PARAMETER");
		assertThat(FieldSelectionHeadersApplication.INVOCATIONS.get()).isEqualTo(before);
	}

	@Test
	void aRefusedCorsRequestKeepsItsCorsHeadersSoTheBrowserCanReadTheProblem() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> ok = http.get("/attacker/cors?fields=id", "Origin", "https://app.example");
		assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");

		HttpResponse<String> refused = http.get("/attacker/cors?fields=colour", "Origin", "https://app.example");

		assertProblem(refused, 400, "UNKNOWN_FIELD");
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
	}

	@Test
	void aDeeplyNestedBodyIsSelectedFrom() {
		HttpResponse<String> response = new TestHttp(this.port).get("/attacker/deep?fields=a.a.a.n");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"a\":{\"a\":{\"a\":{\"n\":396}}}}");
	}

}
