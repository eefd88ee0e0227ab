package dev.hardening.autoconfigure.audit;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RED: {@code /actuator/audit} answers {@code 500 INTERNAL_ERROR} to filter values a client can
 * send, where the project's standard (and docs/audit.md: "a bad size is a 400") wants a
 * {@code 400} problem with a stable code:
 * <ul>
 * <li>a NUL ({@code %00}) in {@code principal}, {@code action} or {@code resource}: the value goes
 * to PostgreSQL as is, which refuses a NUL in text ({@code invalid byte sequence for encoding
 * "UTF8": 0x00}), and the {@code SQLException} becomes a 500;</li>
 * <li>a {@code from} or {@code to} that ISO-8601 allows but PostgreSQL's {@code timestamptz}
 * cannot hold (year 300000 or +999999999): PostgreSQL answers "timestamp out of range", a 500.</li>
 * </ul>
 * Each is answered correctly by the other filters' checks (a malformed {@code from} is a 400), so
 * only values that parse but the database refuses get through.
 */
@ExtendWith(PostgresExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = Attack67RedAuditEndpointParameterTests.TestApplication.class,
		properties = { "hardening.audit.sink=jdbc", "hardening.audit.chain-key=an attack67 endpoint chain key of 32+ bytes",
				"hardening.audit.chain=attack67-endpoint-red", "hardening.audit.jdbc.initialize-schema=always",
				"management.endpoints.web.exposure.include=audit" })
class Attack67RedAuditEndpointParameterTests {

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestPostgres.shared().jdbcUrl());
	}

	@ParameterizedTest
	@ValueSource(strings = { "principal=%00", "principal=ada%00", "action=%00", "resource=project%00x",
			"from=%2B999999999-12-31T23:59:59Z", "to=%2B300000-01-01T00:00:00Z", "from=%2B294277-01-01T00:00:00Z" })
	void aFilterTheDatabaseCannotTakeIsA400NotA500(String query) {
		HttpResponse<String> response = new TestHttp(this.port).get("/actuator/audit?" + query);
		assertThat(response.statusCode()).as("%s -> %s", query, response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(TestHttp.json(response.body()).path("code").asString()).isEqualTo("BAD_REQUEST");
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "PSQL");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
