package dev.hardening.autoconfigure.audit;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.test.TestPostgres;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated filter values for {@code /actuator/audit}, each percent-encoded as a client would
 * send it: whatever the value, the answer is a {@code 200} page or a {@code 400} problem, never a
 * 5xx. A text filter holding a NUL, and a {@code from} or {@code to} beyond PostgreSQL's
 * {@code timestamptz} range (after year 294276, before 4713 BC), were a
 * {@code 500 INTERNAL_ERROR} (pinned in {@link AuditEndpointHostileParameterTests}).
 */
class AuditEndpointFilterPropertyTests {

	private static final String SEED = "67067067";

	private static ConfigurableApplicationContext context;

	private static TestHttp http;

	@BeforeContainer
	static void start() {
		context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + TestPostgres.shared().jdbcUrl(),
					"hardening.audit.sink=jdbc", "hardening.audit.chain-key=an attack67 property chain key of 32+ bytes",
					"hardening.audit.chain=attack67-property", "hardening.audit.jdbc.initialize-schema=always",
					"management.endpoints.web.exposure.include=audit")
			.run();
		http = new TestHttp(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	@AfterContainer
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Property(tries = 300, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void anyTextFilterIsA200OrA400(@ForAll("textFilters") String name, @ForAll @StringLength(max = 200) String value) {
		check(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
	}

	@Property(tries = 300, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void anyIsoTimeIsA200OrA400(@ForAll("timeFilters") String name,
			@ForAll @LongRange(min = -31557014135596800L, max = 31556889832780799L) long epochSecond) {
		String time = OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC).toString();
		check(name + "=" + URLEncoder.encode(time, StandardCharsets.UTF_8));
	}

	private static void check(String query) {
		HttpResponse<String> response = http.get("/actuator/audit?" + query);
		assertThat(response.statusCode()).as("%s -> %s", query, response.body()).isIn(200, 400);
		if (response.statusCode() == 400) {
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(TestHttp.json(response.body()).path("code").asString()).isEqualTo("BAD_REQUEST");
		}
	}

	@Provide
	Arbitrary<String> textFilters() {
		return Arbitraries.of("principal", "action", "resource");
	}

	@Provide
	Arbitrary<String> timeFilters() {
		return Arbitraries.of("from", "to");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
