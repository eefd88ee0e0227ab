package dev.hardening.autoconfigure.security;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.security.SecurityProblemResponsesTests.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hardening.security.problem-responses.enabled=false} leaves Spring Security as it is: it
 * authorizes the error dispatch too, so an anonymous client's 401 keeps its empty body, and a
 * refused CSRF token turns into an empty 401 (an authenticated user's 403 has its body either way,
 * as the error page is open to authenticated users).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecuredApplication.class,
		properties = { SecuredApplication.SECURED, "hardening.security.problem-responses.enabled=false" })
class SecurityProblemResponsesOptOutTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void springSecuritys401KeepsItsEmptyBody() {
		HttpResponse<String> unauthenticated = this.http.get("/things", "Accept", "application/json");

		assertThat(unauthenticated.statusCode()).isEqualTo(401);
		assertThat(unauthenticated.body()).isEmpty();
		assertThat(unauthenticated.headers().firstValue("WWW-Authenticate")).isPresent();
	}

	@Test
	void aPostWithoutItsCsrfTokenIsAgainAnEmpty401() {
		// the 403 of the CSRF check comes before authentication, and its error dispatch is refused as anonymous
		HttpResponse<String> response = this.http.post("/things", "application/json", "{}", "Accept",
				"application/json", "Authorization", basic("user", "password"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEmpty();
	}

}
