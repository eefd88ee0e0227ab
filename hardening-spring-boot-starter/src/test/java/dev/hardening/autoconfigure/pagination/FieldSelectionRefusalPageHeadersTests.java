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
 * A selection refused with {@code 400} {@code UNKNOWN_FIELD} is refused after the handler's
 * successful answer has set its headers, and the problem goes out with them: a page's
 * {@code X-Total-Count} and {@code Link} (links to pages of a listing the client was told it
 * cannot have that way), and the handler's {@code Cache-Control: public, max-age=3600}, which
 * lets a shared cache keep the error for an hour (RFC 9111 3: any final status with explicit
 * freshness may be stored), and the starter's error {@code no-store} does not apply, since the
 * error now "says" something about caching. The problem should carry only what a problem carries.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = PagingAttackApplication.class,
		properties = { "hardening.pagination.total-count-header=true",
				"hardening.pagination.cursor-secret=an attacker secret long enough to sign cursors",
				"hardening.pagination.fields.paths=/attacker/**" })
class FieldSelectionRefusalPageHeadersTests {

	@LocalServerPort
	private int port;

	private HttpResponse<String> get(String pathAndQuery) {
		return new TestHttp(this.port).get(pathAndQuery);
	}

	@Test
	void aRefusedSelectionOfAPageCarriesNoneOfThePagesHeaders() {
		HttpResponse<String> refused = get("/attacker/items?size=2&fields=colour");

		assertProblem(refused, 400, "UNKNOWN_FIELD");
		assertThat(refused.headers().map()).as("headers of the refusal").doesNotContainKeys("x-total-count", "link");
	}

	@Test
	void aRefusedSelectionIsNotCacheableWhereItsHandlersAnswerWouldHaveBeen() {
		HttpResponse<String> ok = get("/attacker/cached/1?fields=id");
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=3600");

		HttpResponse<String> refused = get("/attacker/cached/1?fields=colour");

		assertProblem(refused, 400, "UNKNOWN_FIELD");
		assertThat(refused.headers().allValues("Cache-Control").toString()).as("Cache-Control of the refusal")
			.doesNotContain("max-age=3600", "public");
	}

	@Test
	void aRefusedSelectionOfAResourceWithADeepETagCarriesNoETag() {
		assertThat(get("/attacker/things/1?fields=id").headers().firstValue("ETag")).isPresent();

		HttpResponse<String> refused = get("/attacker/things/1?fields=colour");

		assertProblem(refused, 400, "UNKNOWN_FIELD");
		assertThat(refused.headers().firstValue("ETag")).as("ETag of the refusal").isEmpty();
	}

}
