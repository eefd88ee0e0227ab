package dev.hardening.autoconfigure.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.web.SecurityHeaderProfilesTests.API_CSP;
import static dev.hardening.autoconfigure.web.SecurityHeaderProfilesTests.assertApiProfile;
import static dev.hardening.autoconfigure.web.SecurityHeaderProfilesTests.assertBrowserProfile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code browser-paths} forces the browser profile on every response of its paths, errors
 * included, and a client cannot spell an API path so that it falls under them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecurityHeaderProfilesTests.TestApplication.class,
		properties = "hardening.web.headers.browser-paths=/pages/**")
class SecurityHeadersBrowserPathsTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void everyResponseOnABrowserPathGetsTheBrowserProfile() {
		assertBrowserProfile(this.http.get("/pages/home"));
		assertBrowserProfile(this.http.get("/pages/data"));
		assertBrowserProfile(this.http.get("/pages/books/not-a-number"));
		HttpResponse<String> sent = this.http.get("/pages/send-error", "Accept", "application/json");
		assertThat(sent.statusCode()).isEqualTo(409);
		assertBrowserProfile(sent);
		assertApiProfile(this.http.get("/api/data"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/pages/..;/api/data", "/pages/%2e%2e/api/data", "/pages/%2E%2E;/api/data",
			"/pages/../api/data", "/api/data;/pages/x", "/api;/pages/data", "//pages/../api/data",
			"/pages/.%2e/api/data", "/pages%2f..%2fapi/data", "/pages/%2e%2e%2fapi/data" })
	void anApiAnswerReachedThroughAPathThatLooksLikeABrowserPathKeepsTheApiProfile(String path) {
		String response = this.http.raw(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
				+ "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

		if (response.contains("\"hello\":\"world\"")) {
			assertThat(response).as(path).contains("Content-Security-Policy: " + API_CSP)
				.contains("Cross-Origin-Resource-Policy: same-origin");
		}
		else {
			assertThat(response).as(path).doesNotStartWith("HTTP/1.1 200").doesNotContain("HTTP/1.1 5");
		}
	}

}
