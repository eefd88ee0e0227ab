package dev.hardening.autoconfigure.error;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.RootLogEvents;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by an attack, and fixed. Before the fix, a client hides any server bug that throws an {@code IllegalArgumentException} by adding a
 * wildcard {@code Content-Type} header ({@code *}{@code /*}, {@code application/*}) to its request,
 * even a {@code GET} without a body. {@code GET /hostile/argument} throws
 * {@code IllegalArgumentException("unexpected value ...")} from the controller: without the header
 * it is a {@code 500 INTERNAL_ERROR} logged once at ERROR by {@code dev.hardening.errors}; with
 * {@code Content-Type: *}{@code /*} it is answered {@code 415 UNSUPPORTED_MEDIA_TYPE} ("must be a
 * media type, not a wildcard") and nothing is logged. {@code MalformedRequests.classify} takes
 * <em>every</em> {@code IllegalArgumentException} on a request with a wildcard {@code Content-Type}
 * for Spring's refusal of the wildcard, instead of recognizing the exception Spring throws there.
 * An attacker probing a bug keeps it out of the error log and the alerting ("every line there is a
 * 5xx"), and the bug is reported to the client as its own mistake.
 *
 * <p>What happens now (docs/errors.md: {@code INTERNAL_ERROR} for "any exception nobody
 * handled", logged once at ERROR): the same {@code 500} problem and the same ERROR line, whatever
 * the {@code Content-Type} of a request whose controller failed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HostileClientApplication.class)
class WildcardContentTypeBugTests {

	@RegisterExtension
	final RootLogEvents log = new RootLogEvents();

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "*/*", "application/*", "*" })
	void aBugIsAServerErrorWhateverTheContentType(String contentType) {
		RawHttp.Response response = new RawHttp(this.port).send("GET", "/hostile/argument?q=x",
				List.<String[]>of(new String[] { "Content-Type", contentType }), new byte[0]);

		assertThat(response.status()).as("%s", response).isEqualTo(500);
		JsonNode problem = json(response.body());
		assertThat(problem.path("code").asString()).isEqualTo("INTERNAL_ERROR");
		List<ILoggingEvent> errors = this.log.events()
			.stream()
			.filter((event) -> event.getLoggerName().equals("dev.hardening.errors")
					&& event.getLevel() == Level.ERROR)
			.toList();
		assertThat(errors).hasSize(1);
	}

	/** Without the header, the same bug is the documented 500, logged once. */
	@org.junit.jupiter.api.Test
	void withoutTheHeaderTheBugIsAServerError() {
		RawHttp.Response response = new RawHttp(this.port).send("GET", "/hostile/argument?q=x", List.of(), new byte[0]);

		assertThat(response.status()).isEqualTo(500);
		assertThat(this.log.events()
			.stream()
			.filter((event) -> event.getLoggerName().equals("dev.hardening.errors") && event.getLevel() == Level.ERROR))
			.hasSize(1);
	}

}
