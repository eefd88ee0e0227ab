package dev.hardening.autoconfigure.audit;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the jdbc sink and the default {@code fail-mode: open}, a client could have its audited
 * action carried out and answered {@code 200} while no event was recorded, by choosing a value the
 * audit trail takes from it (the loss only counted and logged as a {@code WARN}). Each test is one
 * way in, and each call is now audited:
 * <ul>
 * <li>a {@code details} argument with an emoji (a surrogate pair) across the 256th character:
 * the cut split the pair, and the event refused the unpaired surrogate it made;</li>
 * <li>a resource id (the {@code id} SpEL over a client argument) longer than the 500 characters
 * of {@code resource_id VARCHAR(500)}, or holding a NUL, which PostgreSQL refuses in text;</li>
 * <li>a resource id from a JSON body holding an unpaired surrogate ({@code "\uD800"});</li>
 * <li>a principal name (as a gateway header or a token's subject names it) longer than 500
 * characters or holding a NUL.</li>
 * </ul>
 * Such values are now kept as the user agent is, escaped and cut ({@code AuditEvent.idOf}).
 * {@link #aPlainNoteIsAudited()} is the control: a reason whose emoji lies beyond the cut.
 */
@ExtendWith(PostgresExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AuditAttackApplication.class,
		properties = { "hardening.audit.sink=jdbc", "hardening.audit.chain-key=an attack67 suppression chain key 32+",
				"hardening.audit.chain=attack67-suppression", "hardening.audit.jdbc.initialize-schema=always" })
class AuditedClientValuesTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestPostgres.shared().jdbcUrl());
	}

	/** The control, which passes: the same call with plain values is audited. */
	@Test
	void aPlainNoteIsAudited() {
		assertAudited(post("/notes?id=n0&reason=" + encode("r".repeat(300) + "\uD83D\uDE00")));
	}

	@Test
	void aReasonWithAnEmojiAcrossThe256thCharacterIsStillAudited() {
		String reason = "r".repeat(255) + "\uD83D\uDE00";
		assertAudited(post("/notes?id=n1&reason=" + encode(reason)));
	}

	@Test
	void aResourceIdLongerThanItsColumnIsStillAudited() {
		assertAudited(post("/notes?id=" + "x".repeat(501)));
	}

	@Test
	void aResourceIdWithANulIsStillAudited() {
		assertAudited(post("/notes?id=a%00b"));
	}

	@Test
	void aResourceIdWithAnUnpairedSurrogateFromJsonIsStillAudited() {
		assertAudited(new TestHttp(this.port).post("/notes/json", "application/json",
				"{\"id\":\"n\\uD800\",\"text\":\"hello\"}"));
	}

	@Test
	void aPrincipalNameLongerThanItsColumnIsStillAudited() {
		assertAudited(new TestHttp(this.port).send("POST", "/notes?id=n2", "", "X-Test-Token", token("u".repeat(501))));
	}

	@Test
	void aPrincipalNameWithANulIsStillAudited() {
		assertAudited(new TestHttp(this.port).send("POST", "/notes?id=n3", "", "X-Test-Token", token("ada\u0000")));
	}

	private HttpResponse<String> post(String path) {
		return new TestHttp(this.port).send("POST", path, "");
	}

	private void assertAudited(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM hardening_audit_event WHERE chain = 'attack67-suppression' AND request_id = ?",
				Long.class, requestId))
			.as("events recorded for the request the application carried out")
			.isEqualTo(1);
	}

	private static String token(String subject) {
		return Base64.getUrlEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
