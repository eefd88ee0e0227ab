package dev.hardening.autoconfigure.web;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.web.SecurityHeaderProfilesTests.assertApiProfile;
import static dev.hardening.autoconfigure.web.SecurityHeaderProfilesTests.assertBrowserProfile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code browser-paths} whose patterns have no literal part, so that the request's path is parsed
 * (once per request): an error sent on such a path gets the browser profile from the error page's
 * dispatch too, matched on the path of the request that failed, not the error page's; the error
 * of a request not on them keeps the profile of its answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecurityHeaderProfilesTests.TestApplication.class,
		properties = "hardening.web.headers.browser-paths=/{section}/send-error")
class SecurityHeadersBrowserPathPatternsTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void anErrorOnABrowserPathGetsTheBrowserProfileFromTheErrorPage() {
		HttpResponse<String> sent = this.http.get("/pages/send-error", "Accept", "application/json");

		assertThat(sent.statusCode()).isEqualTo(409);
		assertBrowserProfile(sent);
	}

	@Test
	void anErrorElsewhereKeepsTheProfileOfItsAnswer() {
		HttpResponse<String> typeMismatch = this.http.get("/pages/books/not-a-number");

		assertThat(typeMismatch.statusCode()).isEqualTo(400);
		assertApiProfile(typeMismatch);
		assertApiProfile(this.http.get("/api/data"));
	}

}
