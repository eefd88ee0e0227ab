package dev.hardening.autoconfigure.security;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The attack tests against {@link AttackSecuredApplication}: one context for them all, and a client
 * for its port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AttackSecuredApplication.class,
		properties = { SecuredApplication.SECURED, AttackSecuredApplication.HARDENING })
abstract class AttackSecuredTests {

	static final String JSON = "application/json";

	@LocalServerPort
	int port;

	TestHttp http;

	@BeforeEach
	void connect() {
		this.http = new TestHttp(this.port);
	}

}
