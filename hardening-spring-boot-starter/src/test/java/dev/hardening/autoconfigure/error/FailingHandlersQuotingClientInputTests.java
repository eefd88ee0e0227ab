package dev.hardening.autoconfigure.error;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
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
 * Handlers that fail with the client's input in their exception's message, synchronously, in a
 * {@code Callable}, in a failed {@code CompletableFuture} and in a {@code StreamingResponseBody}
 * after it wrote and flushed: each is the generic {@code 500} problem (protection holds), which
 * quotes neither the message nor the exception's type, and one ERROR line by
 * {@code dev.hardening.errors} whose text is the method and path alone, and whose stack trace
 * carries the client's line break escaped ({@link EscapedFailure}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HostileClientApplication.class)
class FailingHandlersQuotingClientInputTests {

	@RegisterExtension
	final RootLogEvents log = new RootLogEvents();

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "/hostile/argument", "/hostile/async/callable", "/hostile/async/future", "/hostile/stream" })
	void aFailureQuotingTheClientIsTheGenericProblem(String path) {
		RawHttp.Response response = new RawHttp(this.port).send("GET",
				path + "?q=%3Cscript%3E" + HostileClientApplication.MARKER + "%0D%0AINFO+forged", List.of(), new byte[0]);

		assertThat(response.status()).as("%s", response).isEqualTo(500);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = json(response.body());
		assertThat(problem.path("code").asString()).isEqualTo("INTERNAL_ERROR");
		assertThat(problem.path("detail").asString()).isEqualTo(ProblemFactory.INTERNAL_DETAIL);
		assertThat(response.body()).doesNotContain(HostileClientApplication.MARKER, "script", "secret", "Exception",
				"partial");
		List<ILoggingEvent> errors = this.log.events()
			.stream()
			.filter((event) -> event.getLevel().isGreaterOrEqual(Level.ERROR))
			.toList();
		assertThat(errors).hasSize(1);
		assertThat(errors.get(0).getLoggerName()).isEqualTo("dev.hardening.errors");
		assertThat(errors.get(0).getFormattedMessage()).isEqualTo("Unexpected error on GET " + path);
		assertThat(errors.get(0).getMDCPropertyMap()).containsEntry("requestId", problem.path("requestId").asString());
		// the stack trace a text log prints: the client's line break escaped, in every message of the chain
		StringBuilder messages = new StringBuilder();
		for (IThrowableProxy link = errors.get(0).getThrowableProxy(); link != null; link = link.getCause()) {
			messages.append(link.getMessage()).append('|');
		}
		assertThat(messages).doesNotContain("\r", "\n").startsWith("java.").contains("\\r\\nINFO forged");
	}

}
