package dev.hardening.autoconfigure.security;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.security.SecurityProblemResponsesTests.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's {@code HeaderWriterFilter} (with {@code frameOptions().sameOrigin()}) and
 * hardening's security headers and caching policy on the same responses: one line per header,
 * never two that differ, and nothing cacheable that a refusal or a login redirect answers.
 */
class SecurityHeaderCompositionTests extends AttackSecuredTests {

	private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private static final List<String> SINGLE = List.of("X-Frame-Options", "X-Content-Type-Options", "Cache-Control",
			"Pragma", "Expires", "Content-Security-Policy", "Referrer-Policy", "X-XSS-Protection",
			"Strict-Transport-Security", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy",
			"Permissions-Policy", "Access-Control-Allow-Origin", "ETag", "X-Request-ID", "Content-Type");

	/** A signed-in 200 has one line of each header, and the application's SAMEORIGIN. */
	@Test
	void aSignedIn200HasOneOfEachAndSpringSecuritysFrameOptions() {
		HttpResponse<String> response = this.http.get("/things", "Authorization", basic("user", "password"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertSingle(response);
		assertFrameOptionsAgree(response, "SAMEORIGIN");
		assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
	}

	/** The 200 and 304 of a path with a private cache rule: the rule alone, one line each. */
	@Test
	void aSignedIn200And304OnARulePathHaveOneOfEach() {
		HttpResponse<String> first = this.http.get("/cached/me", "Authorization", basic("user", "password"));
		HttpResponse<String> second = this.http.get("/cached/me", "Authorization", basic("user", "password"),
				"If-None-Match", first.headers().firstValue("ETag").orElseThrow());

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.statusCode()).isEqualTo(304);
		for (HttpResponse<String> response : List.of(first, second)) {
			assertSingle(response);
			assertFrameOptionsAgree(response, "SAMEORIGIN");
			assertThat(response.headers().allValues("Cache-Control")).containsExactly("private, max-age=600");
		}
	}

	/** A 401 and a 403 have one line of each header and are never stored. */
	@Test
	void refusalsHaveOneOfEachAndAreNotStored() {
		HttpResponse<String> anonymous = this.http.get("/things", "Accept", JSON);
		HttpResponse<String> forbidden = this.http.get("/admin/data", "Accept", JSON, "Authorization",
				basic("user", "password"));
		HttpResponse<String> anonymousOnRulePath = this.http.get("/cached/me", "Accept", JSON);

		assertProblem(anonymous, 401, "UNAUTHORIZED");
		assertProblem(forbidden, 403, "FORBIDDEN");
		assertProblem(anonymousOnRulePath, 401, "UNAUTHORIZED");
		for (HttpResponse<String> response : List.of(anonymous, forbidden, anonymousOnRulePath)) {
			assertSingle(response);
			assertFrameOptionsAgree(response, "SAMEORIGIN");
			assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		}
	}

	/**
	 * hardening's own refusal of a signed-in client's write (428, once Spring Security let it pass)
	 * has one line of each, its one Cache-Control saying no-store (Spring Security's, written first).
	 */
	@Test
	void hardeningsOwnRefusalHasOneOfEach() {
		HttpResponse<String> response = this.http.send("PUT", "/things/1", "{}", "Content-Type", JSON, "Accept", JSON,
				"Authorization", basic("user", "password"));

		assertProblem(response, 428, "PRECONDITION_REQUIRED");
		assertSingle(response);
		assertThat(response.headers().allValues("Cache-Control")).singleElement()
			.satisfies((value) -> assertThat(value).contains("no-store"));
	}

	/** An error the application answers (404) behind Spring Security: one line of each. */
	@Test
	void anApplicationErrorHasOneOfEach() {
		HttpResponse<String> response = this.http.get("/things/nowhere/at/all", "Accept", JSON, "Authorization",
				basic("user", "password"));

		assertThat(response.statusCode()).isEqualTo(404);
		assertSingle(response);
		assertFrameOptionsAgree(response, "SAMEORIGIN");
	}

	/**
	 * Found by an attack, fixed. A browser that is not signed in asks for {@code GET /cached/me} and
	 * was redirected to the login page: {@code 302 Location: /login} with {@code Cache-Control: private, max-age=600},
	 * the cache rule meant for the signed-in user's data. The rule is set before Spring Security
	 * runs and its header writer then leaves the response alone, and only errors (400 and above)
	 * get {@code no-store}; a 302 with explicit freshness is stored (RFC 9111 §3, §4.2.1), so for
	 * ten minutes the browser replays the redirect to the login page for that URL, signed in or
	 * not. A redirect still carrying a rule's value now gets {@code no-store}: a rule describes the
	 * resource's representations, not a redirect away from it ({@code CacheControlRedirectTests}).
	 */
	@Test
	void aLoginRedirectOnARulePathIsNotStored() {
		HttpResponse<String> response = this.http.get("/cached/me", "Accept", BROWSER);

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login");
		assertSingle(response);
		assertThat(response.headers().firstValue("Cache-Control").orElse(""))
			.as("Cache-Control of a redirect to the login page")
			.contains("no-store");
	}

	/** A redirect to the login page elsewhere keeps Spring Security's no-store. */
	@Test
	void aLoginRedirectElsewhereIsNotStored() {
		HttpResponse<String> response = this.http.get("/things", "Accept", BROWSER);

		assertThat(response.statusCode()).isEqualTo(302);
		assertSingle(response);
		assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
	}

	private static void assertSingle(HttpResponse<String> response) {
		for (String name : SINGLE) {
			assertThat(response.headers().allValues(name))
				.as("%s of %s %s: %s", name, response.request().method(), response.uri().getPath(),
						response.headers().map())
				.hasSizeLessThanOrEqualTo(1);
		}
	}

	/** X-Frame-Options as the application configured it, and a frame-ancestors that says the same. */
	private static void assertFrameOptionsAgree(HttpResponse<String> response, String frameOptions) {
		assertThat(response.headers().allValues("X-Frame-Options")).as("%s", response.headers().map())
			.containsExactly(frameOptions);
		String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
		if (policy.contains("frame-ancestors")) {
			assertThat(policy.toLowerCase(Locale.ROOT)).as("CSP beside X-Frame-Options: %s", frameOptions)
				.contains("SAMEORIGIN".equals(frameOptions) ? "frame-ancestors 'self'" : "frame-ancestors 'none'");
		}
	}

}
