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
 * docs/field-selection.md: "Any value of fields is a 200 or a 400 UNKNOWN_FIELD or
 * INVALID_PARAMETER". On a handler with a deep ETag (ConditionalRequest.respond, the documented
 * way), a malformed selection sent with the resource's current ETag in If-None-Match must still be
 * refused: a 304 tells the client that a copy it cannot have (that URL never answered 200) is
 * current, and lets any malformed fields value through unchecked.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = PagingAttackApplication.class,
		properties = { "hardening.pagination.total-count-header=true",
				"hardening.pagination.cursor-secret=an attacker secret long enough to sign cursors",
				"hardening.pagination.fields.paths=/attacker/**" })
class FieldSelectionConditionalRequestTests {

	@LocalServerPort
	private int port;

	@Test
	void aMalformedSelectionIsRefusedWhateverTheClientsETag() {
		TestHttp http = new TestHttp(this.port);
		String etag = http.get("/attacker/things/1").headers().firstValue("ETag").orElseThrow();
		assertProblem(http.get("/attacker/things/1?fields=a..b"), 400, "INVALID_PARAMETER");

		HttpResponse<String> conditional = http.get("/attacker/things/1?fields=a..b", "If-None-Match", etag);

		assertProblem(conditional, 400, "INVALID_PARAMETER");
	}

}
