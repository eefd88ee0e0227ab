package dev.hardening.autoconfigure.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.security.AttackSecuredApplication.SPA;
import static dev.hardening.autoconfigure.security.SecurityProblemResponsesTests.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * hardening's CORS filter, in front, and Spring Security's own {@code http.cors()}, behind it,
 * both configured for the SPA's origin: preflights on authenticated paths, and one
 * {@code Access-Control-Allow-Origin} and one of each {@code Vary} member on every answer.
 */
class SecurityCorsCompositionTests extends AttackSecuredTests {

	/**
	 * A preflight carries no credentials (Fetch standard), so it must not be refused with a
	 * 401: on a hardening-mapped authenticated path it is answered, once.
	 */
	@Test
	void aPreflightOnAnAuthenticatedPathIsAnsweredOnce() {
		HttpResponse<String> response = preflight("/things/1");

		assertThat(response.statusCode()).as("%s", response.headers().map()).isEqualTo(200);
		assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SPA);
		assertThat(response.headers().allValues("Access-Control-Allow-Credentials")).containsExactly("true");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertVaryOnce(response);
	}

	/** A preflight on a path only Spring Security's CORS covers is answered by it, once. */
	@Test
	void aPreflightOnAPathOnlySpringSecurityMapsIsAnsweredOnce() {
		HttpResponse<String> response = preflight("/cached/me");

		assertThat(response.statusCode()).as("%s", response.headers().map()).isEqualTo(200);
		assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SPA);
		assertVaryOnce(response);
	}

	/** A credentialed cross-origin read gets one Access-Control-Allow-Origin, one Vary each. */
	@Test
	void aCredentialedCrossOriginReadGetsOneAllowOrigin() {
		HttpResponse<String> response = this.http.get("/things", "Origin", SPA, "Authorization",
				basic("user", "password"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("Access-Control-Allow-Origin")).as("%s", response.headers().map())
			.containsExactly(SPA);
		assertThat(response.headers().allValues("Access-Control-Allow-Credentials")).containsExactly("true");
		assertVaryOnce(response);
	}

	/**
	 * The SPA can read why it was refused: a cross-origin 401 carries the one
	 * Access-Control-Allow-Origin and the problem.
	 */
	@Test
	void aCrossOrigin401IsReadableByTheAllowedOrigin() {
		HttpResponse<String> response = this.http.get("/things", "Origin", SPA, "Accept", JSON);

		assertProblem(response, 401, "UNAUTHORIZED");
		assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SPA);
		assertVaryOnce(response);
	}

	/** Another origin is refused before anything else, with no Access-Control-Allow-Origin. */
	@Test
	void anotherOriginIsRefused() {
		HttpResponse<String> response = this.http.get("/things", "Origin", "https://evil.example", "Accept", JSON,
				"Authorization", basic("user", "password"));

		assertProblem(response, 403, "CORS_REJECTED");
		assertThat(response.headers().allValues("Access-Control-Allow-Origin")).isEmpty();
	}

	private HttpResponse<String> preflight(String path) {
		return this.http.send("OPTIONS", path, null, "Origin", SPA, "Access-Control-Request-Method", "PUT",
				"Access-Control-Request-Headers", "authorization,content-type,if-match");
	}

	private static void assertVaryOnce(HttpResponse<String> response) {
		List<String> members = new ArrayList<>();
		for (String line : response.headers().allValues("Vary")) {
			for (String member : line.split(",")) {
				members.add(member.trim().toLowerCase(Locale.ROOT));
			}
		}
		assertThat(members).as("Vary of %s", response.headers().map()).doesNotHaveDuplicates();
	}

}
