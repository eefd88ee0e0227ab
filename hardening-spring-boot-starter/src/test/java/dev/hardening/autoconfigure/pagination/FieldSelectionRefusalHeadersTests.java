package dev.hardening.autoconfigure.pagination;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A selection refused after the handler answered takes back only what the handler and the
 * advice set: what the filters set before the handler ran (the request ID, the security
 * headers) stays, and the error's {@code Cache-Control: no-store} is added as on any problem.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = PagingAttackApplication.class,
		properties = { "hardening.pagination.total-count-header=true",
				"hardening.pagination.cursor-secret=an attacker secret long enough to sign cursors",
				"hardening.pagination.fields.paths=/attacker/**" })
class FieldSelectionRefusalHeadersTests {

	@LocalServerPort
	private int port;

	@Test
	void aRefusedSelectionKeepsTheHeadersSetBeforeTheHandlerRan() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> ok = http.get("/attacker/cached/1?fields=id");
		assertThat(ok.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

		HttpResponse<String> refused = http.get("/attacker/cached/1?fields=colour");

		assertProblem(refused, 400, "UNKNOWN_FIELD");
		assertThat(refused.headers().firstValue("X-Request-ID")).isPresent();
		assertThat(refused.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(refused.headers().allValues("Cache-Control")).containsExactly("no-store");
	}

}
