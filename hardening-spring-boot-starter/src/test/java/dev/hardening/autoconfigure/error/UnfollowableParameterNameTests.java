package dev.hardening.autoconfigure.error;

import java.nio.charset.StandardCharsets;
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
 * Found by an attack, and fixed. Before the fix, a query parameter whose <em>name</em> is an indexed property path that Spring's data binder
 * cannot follow is answered with a {@code 500 INTERNAL_ERROR} and logged at ERROR with a stack
 * trace whose message quotes the client's parameter name, on any endpoint that binds a form
 * object ({@code @ModelAttribute}, or any non-simple handler argument: Spring binds it by default)
 * with setters. {@code GET /hostile/search?tags[1000]=x} (past the binder's auto-grow limit of 256),
 * {@code tags[Atk69mk]} (an index that is not a number: {@code NumberFormatException: For input
 * string: "Atk69mk"}), {@code tags[-1]} and {@code name[0]} (an index on a plain {@code String}
 * property) each throw Spring's {@code InvalidPropertyException} (or the
 * {@code NumberFormatException}/{@code IndexOutOfBoundsException} under it) out of
 * {@code DataBinder.bind}, which neither the starter's handlers nor {@link MalformedRequests}
 * recognize. Any client can so raise server errors at will, inflate the 5xx metric and alerting
 * ({@code dev.hardening.errors} is documented as "every line there is a 5xx") and write its own
 * text into an ERROR line.
 *
 * <p>What happens now, per docs/errors.md ("a parameter ... that cannot be converted":
 * {@code INVALID_PARAMETER}; "every malformed ... parameter ... gets a 4xx"): a {@code 400}
 * problem with a stable code ({@code INVALID_PARAMETER}), a detail that does not quote the
 * parameter's name, and nothing logged at ERROR, nor any log line quoting the name.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HostileClientApplication.class)
class UnfollowableParameterNameTests {

	@RegisterExtension
	final RootLogEvents log = new RootLogEvents();

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "tags%5B1000%5D=x", "tags%5BAtk69mk%5D=x", "tags%5B-1%5D=x", "name%5B0%5D=Atk69mk",
			"tags%5B99999999999%5D=x" })
	void anIndexedParameterNameTheBinderCannotFollowIsAClientError(String query) {
		RawHttp.Response response = new RawHttp(this.port).send("GET", "/hostile/search?" + query, List.of(),
				new byte[0]);

		assertThat(response.status()).as("%s", response).isEqualTo(400);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = json(response.body());
		assertThat(problem.path("code").asString()).isEqualTo("INVALID_PARAMETER");
		assertThat(response.body()).doesNotContain(HostileClientApplication.MARKER, "tags[", "name[", "Exception");
		for (ILoggingEvent event : this.log.events()) {
			assertThat(event.getLevel().isGreaterOrEqual(Level.ERROR)).as("level of %s", event).isFalse();
			assertThat(event.getThrowableProxy()).as("stack trace of %s", event).isNull();
			assertThat(event.getFormattedMessage()).doesNotContain(HostileClientApplication.MARKER);
		}
	}

	/** The same names bound to a record, through its constructor: never a server error. */
	@ParameterizedTest
	@ValueSource(strings = { "tags%5B1000%5D=x", "tags%5BAtk69mk%5D=x", "tags%5B-1%5D=x", "name%5B0%5D=Atk69mk",
			"tags%5B99999999999%5D=x", "tags%5B0%5D%5B0%5D=x", "attrs%5B%5D=x", "attrs%5Bk%5D%5B0%5D=x", "tags%5B=x",
			"tags%5D=x", "%5B0%5D=x", "name.x=y", "tags%5B0%5D.x=y" })
	void anIndexedParameterNameOnARecordIsNeverAServerError(String query) {
		RawHttp.Response response = new RawHttp(this.port).send("GET", "/hostile/record-search?" + query, List.of(),
				new byte[0]);

		assertThat(response.status()).as("%s", response).isLessThan(500);
		assertThat(response.body()).doesNotContain(HostileClientApplication.MARKER, "Exception");
		for (ILoggingEvent event : this.log.events()) {
			assertThat(event.getLevel().isGreaterOrEqual(Level.ERROR)).as("level of %s", event).isFalse();
		}
	}

	/** A record whose constructor throws is the application's bug, whatever the client sent. */
	@org.junit.jupiter.api.Test
	void aFormObjectsOwnConstructorFailingIsABug() {
		RawHttp.Response response = new RawHttp(this.port).send("GET", "/hostile/strict?name=boom", List.of(),
				new byte[0]);

		assertThat(response.status()).as("%s", response).isEqualTo(500);
		assertThat(this.log.events()).filteredOn((event) -> event.getLevel() == Level.ERROR).hasSize(1);
	}

	/**
	 * A data binder the application runs itself, with a path of its own choosing, is a bug of the
	 * application: a {@code 500}, logged once at ERROR, as any other.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "tags%5Bx%5D", "tags%5B-1%5D", "name%5B0%5D" })
	void aBinderTheApplicationRunsItselfFailsAsABug(String property) {
		RawHttp.Response response = new RawHttp(this.port).send("GET", "/hostile/own-binder?property=" + property,
				List.of(), new byte[0]);

		assertThat(response.status()).as("%s", response).isEqualTo(500);
		assertThat(json(response.body()).path("code").asString()).isEqualTo("INTERNAL_ERROR");
		assertThat(this.log.events()).filteredOn((event) -> event.getLevel() == Level.ERROR).hasSize(1);
	}

	/** The same binder, reached the ordinary way, already answers a value it cannot convert. */
	@org.junit.jupiter.api.Test
	void aValueTheBinderCannotConvertIsAlreadyAClientError() {
		RawHttp.Response response = new RawHttp(this.port).send("GET", "/hostile/search?page=Atk69mk", List.of(),
				"".getBytes(StandardCharsets.ISO_8859_1));

		assertThat(response.status()).isEqualTo(400);
		assertThat(json(response.body()).path("errors").get(0).path("field").asString()).isEqualTo("page");
		assertThat(response.body()).doesNotContain(HostileClientApplication.MARKER);
	}

}
