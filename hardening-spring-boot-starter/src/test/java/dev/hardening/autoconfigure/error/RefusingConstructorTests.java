package dev.hardening.autoconfigure.error;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.Level;
import dev.hardening.autoconfigure.RootLogEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON body whose record's constructor refuses a value ({@code HostileClientApplication.Strict},
 * which throws {@code IllegalArgumentException("the application refuses " + name)}): Jackson reports
 * it as a body it cannot read, so the client gets the {@code 400 MALFORMED_BODY} problem, which
 * quotes neither the value nor the application's message, and nothing is logged at ERROR. The
 * same refusal while binding a query's form object is a bug ({@code UnfollowableParameterNameTests}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HostileClientApplication.class)
class RefusingConstructorTests {

	@RegisterExtension
	final RootLogEvents log = new RootLogEvents();

	@LocalServerPort
	private int port;

	@Test
	void aBodyTheRecordRefusesIsAMalformedBodyThatQuotesNothing() {
		RawHttp.Response response = new RawHttp(this.port).send("POST", "/hostile/strict",
				List.<String[]>of(new String[] { "Content-Type", "application/json" }), "{\"name\":\"boom\"}".getBytes(StandardCharsets.UTF_8));

		assertThat(response.status()).as("%s", response).isEqualTo(400);
		JsonNode problem = json(response.body());
		assertThat(problem.path("code").asString()).isEqualTo("MALFORMED_BODY");
		assertThat(response.body()).doesNotContain("boom", "refuses", "Exception");
		assertThat(this.log.events()).noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.ERROR));
	}

}
