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
 * Queries whose percent-encoding Tomcat cannot decode (a lone '%', a bad hex digit, bytes that are
 * not UTF-8), in the page, size, cursor and fields parameters and beside them: never a 500, always
 * a problem with a stable code; percent-encoded well-formed values read as their decoded selves.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = PagingAttackApplication.class,
		properties = { "hardening.pagination.total-count-header=true",
				"hardening.pagination.cursor-secret=an attacker secret long enough to sign cursors",
				"hardening.pagination.fields.paths=/attacker/**" })
class FieldSelectionQueryEncodingTests {

	@LocalServerPort
	private int port;

	@Test
	void undecodableQueriesAreProblemsNeverA500() {
		TestHttp http = new TestHttp(this.port);
		String[] queries = { "size=%FF", "size=%", "size=%G1", "page=%C0%AF", "fields=%FF", "fields=%",
				"fields=id&x=%", "size=5&%FF=1", "cursor=%E2%82", "size=%00" };
		for (String query : queries) {
			for (String path : new String[] { "/attacker/items?", "/attacker/events?" }) {
				// raw bytes: java.net.URI refuses such queries before sending them
				String raw = http.raw(("GET " + path + query + " HTTP/1.0\r\nHost: localhost\r\n\r\n")
					.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
				String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
				String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
				assertThat(raw).as(path + query).startsWith("HTTP/1.1 400 ");
				assertThat(head).as(path + query).contains("content-type: application/problem+json");
				assertThat(head).as(path + query).contains("x-content-type-options: nosniff");
				assertThat(json(body).path("code").asString()).as(path + query)
					.isIn("INVALID_PARAMETER", "INVALID_PAGE", "INVALID_CURSOR");
			}
		}
	}

	@Test
	void percentEncodedWellFormedValuesAreReadAsDecoded() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> encoded = http.get("/attacker/items?size=%32&page=%31&fields=%69%64");
		HttpResponse<String> plain = http.get("/attacker/items?size=2&page=1&fields=id");

		assertThat(encoded.statusCode()).isEqualTo(200);
		assertThat(encoded.body()).isEqualTo(plain.body());
		assertProblem(http.get("/attacker/items?size=%2B5"), 400, "INVALID_PAGE");
	}

}
