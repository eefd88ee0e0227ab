package dev.hardening.autoconfigure.security;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.security.SecurityProblemResponsesTests.basic;
import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Caching headers and shallow ETags behind Spring Security, whose header writer marks every
 * response that says nothing about caching {@code no-store} when it commits: such a response gets
 * no ETag, a path with a {@code hardening.etag.cache-control} rule keeps the rule's value (the
 * writer skips a response that has one) and gets its ETag and {@code 304}s, and an error keeps
 * what Spring Security wrote.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecuredApplication.class,
		properties = { SecuredApplication.SECURED, SecuredApplication.CACHE_RULE_PATHS,
				SecuredApplication.CACHE_RULE_VALUE })
class SecurityCachingTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void aPathWithoutARuleIsNoStoreAsSpringSecuritySaysAndGetsNoETag() {
		HttpResponse<String> response = this.http.get("/things", "Authorization", basic("user", "password"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertSpringSecurityCachingHeaders(response);
		assertThat(response.headers().firstValue("ETag")).isEmpty();
	}

	@Test
	void aPathWithARuleKeepsTheRuleAndGetsItsETagAndA304() {
		HttpResponse<String> first = this.http.get("/cached/things", "Authorization", basic("user", "password"));
		String etag = first.headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> second = this.http.get("/cached/things", "Authorization", basic("user", "password"),
				"If-None-Match", etag);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().allValues("Cache-Control")).containsExactly("private, no-cache");
		assertThat(first.headers().firstValue("Pragma")).isEmpty();
		assertThat(first.headers().firstValue("Expires")).isEmpty();
		assertThat(second.statusCode()).isEqualTo(304);
		assertThat(second.headers().firstValue("ETag")).hasValue(etag);
		assertThat(second.headers().allValues("Cache-Control")).containsExactly("private, no-cache");
	}

	@Test
	void anotherUsersCopyIsNotCurrent() {
		String etag = this.http.get("/cached/things", "Authorization", basic("user", "password"))
			.headers()
			.firstValue("ETag")
			.orElseThrow();

		HttpResponse<String> anonymous = this.http.get("/cached/things", "Accept", "application/json",
				"If-None-Match", etag);

		assertProblem(anonymous, 401, "UNAUTHORIZED");
	}

	@Test
	void springSecuritysCachingHeadersOnA401AreKept() {
		HttpResponse<String> response = this.http.get("/things", "Accept", "application/json");

		assertThat(response.statusCode()).isEqualTo(401);
		assertSpringSecurityCachingHeaders(response);
	}

	@Test
	void springSecuritysCachingHeadersOnAnErrorTheApplicationAnsweredAreKept() {
		HttpResponse<String> response = this.http.get("/things/missing", "Accept", "application/json",
				"Authorization", basic("user", "password"));

		assertProblem(response, 404, "NOT_FOUND");
		assertSpringSecurityCachingHeaders(response);
	}

	@Test
	void anErrorOnAPathWithARuleIsNotStored() {
		HttpResponse<String> response = this.http.get("/cached/missing", "Accept", "application/json",
				"Authorization", basic("user", "password"));

		assertProblem(response, 404, "NOT_FOUND");
		assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
	}

	private static void assertSpringSecurityCachingHeaders(HttpResponse<String> response) {
		assertThat(response.headers().allValues("Cache-Control"))
			.containsExactly(SecuredApplication.SPRING_SECURITY_CACHE_CONTROL);
		assertThat(response.headers().allValues("Pragma")).containsExactly("no-cache");
		assertThat(response.headers().allValues("Expires")).containsExactly("0");
	}

}
