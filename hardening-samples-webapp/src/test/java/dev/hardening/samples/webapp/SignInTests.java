package dev.hardening.samples.webapp;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in through the form, with its CSRF token, and what a visitor who has not signed in
 * may see.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SignInTests {

	@LocalServerPort
	private int port;

	private Site site;

	@BeforeEach
	void visit() {
		this.site = new Site(this.port);
	}

	@Test
	void theFormWithItsTokenSignsIn() {
		String token = Site.csrfToken(this.site.page("/login").body());

		HttpResponse<String> response = this.site.submit("/login",
				Map.of("username", Site.USER, "password", Site.PASSWORD, "_csrf", token));
		HttpResponse<String> account = this.site.page("/account");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue(this.site.uri("/").toString());
		assertThat(account.statusCode()).isEqualTo(200);
		assertThat(account.body()).contains("Signed in as <strong class=\"account-name\">reader</strong>");
	}

	@Test
	void theFormWithoutItsTokenIsForbidden() {
		this.site.page("/login");

		HttpResponse<String> response = this.site.submit("/login",
				Map.of("username", Site.USER, "password", Site.PASSWORD));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(this.site.page("/account").statusCode()).as("still signed out").isEqualTo(302);
	}

	@Test
	void aWrongPasswordGoesBackToTheForm() {
		String token = Site.csrfToken(this.site.page("/login").body());

		HttpResponse<String> response = this.site.submit("/login",
				Map.of("username", Site.USER, "password", "guess", "_csrf", token));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue(this.site.uri("/login?error").toString());
		assertThat(this.site.page("/login?error").body()).contains("That name and password do not match.");
	}

	@Test
	void aMembersPageSendsAVisitorToTheLoginPage() {
		HttpResponse<String> response = this.site.page("/books/new");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue(this.site.uri("/login").toString());
	}

	@Test
	void theApiAsksAnAnonymousClientForBasicCredentials() {
		HttpResponse<String> response = this.site.api(HttpRequest.newBuilder(this.site.uri("/api/books")), false);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic ");
	}

	@Test
	void theApiRejectsAWrongPassword() {
		HttpResponse<String> response = this.site.send(HttpRequest.newBuilder(this.site.uri("/api/books"))
			.header("Authorization", "Basic cmVhZGVyOmd1ZXNz")
			.build());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic ");
	}

}
