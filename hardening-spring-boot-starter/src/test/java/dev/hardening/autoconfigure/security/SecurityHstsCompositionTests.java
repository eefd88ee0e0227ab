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
 * HSTS from both sides: behind a proxy with {@code server.forward-headers-strategy=native}, Tomcat
 * marks a request that came over HTTPS secure, so Spring Security's {@code HstsHeaderWriter} writes
 * its header and hardening's filter would write its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AttackSecuredApplication.class,
		properties = { SecuredApplication.SECURED, AttackSecuredApplication.HARDENING,
				"server.forward-headers-strategy=native" })
class SecurityHstsCompositionTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	/** One Strict-Transport-Security line on a 200, a 401 and a 428 over HTTPS. */
	@Test
	void oneHstsLineWhoeverWritesIt() {
		HttpResponse<String> ok = this.http.get("/things", "X-Forwarded-Proto", "https", "Authorization",
				basic("user", "password"));
		HttpResponse<String> refused = this.http.get("/things", "X-Forwarded-Proto", "https", "Accept",
				"application/json");
		HttpResponse<String> required = this.http.send("PUT", "/things/1", "{}", "X-Forwarded-Proto", "https",
				"Content-Type", "application/json", "Authorization", basic("user", "password"));

		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(required.statusCode()).isEqualTo(428);
		for (HttpResponse<String> response : java.util.List.of(ok, refused, required)) {
			assertThat(response.headers().allValues("Strict-Transport-Security")).as("%s", response.headers().map())
				.hasSize(1);
		}
	}

	/** Never on plain HTTP. */
	@Test
	void noHstsOverPlainHttp() {
		HttpResponse<String> ok = this.http.get("/things", "Authorization", basic("user", "password"));

		assertThat(ok.headers().allValues("Strict-Transport-Security")).isEmpty();
	}

}
