package dev.hardening.autoconfigure.error;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by an attack, and fixed. Before the fix, a constraint on a map's values ({@code Map<String, @NotBlank String> attrs}) echoes the
 * client's map key into {@code errors[].field} whole and as sent: a 20,000-character key comes
 * back as a 20,000-character field ({@code attrs[kkk...Atk69mk]}), with whatever characters it
 * holds ({@code <script>} included). The same key in a field of the wrong type is cut to 200
 * characters ({@code Violations.MAX_FIELD_LENGTH}: "Field paths come from the client's
 * JSON; a longer one is cut"), and {@code ?fields=} refuses names that are not made of letters,
 * digits and {@code _$@-}; bean-validation paths ({@code Violations.of(FieldError)},
 * {@code FieldError.getField()}) are neither cut nor checked.
 *
 * <p>What happens now: the field path of a validation failure is bounded as the one of a type
 * mismatch is (at most 200 characters and {@code ...}), so that the problem body never carries an
 * unbounded copy of client input.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HostileClientApplication.class)
class ValidationFieldPathBoundTests {

	private static final String KEY = "k".repeat(20_000) + "<script>" + HostileClientApplication.MARKER;

	@LocalServerPort
	private int port;

	@Test
	void aValidationFieldPathIsBoundedLikeATypeMismatchPath() {
		JsonNode problem = post("{\"name\":\"a\",\"size\":1,\"attrs\":{\"" + KEY + "\":\"\"}}");

		assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
		String field = problem.path("errors").get(0).path("field").asString();
		assertThat(field).startsWith("attrs").hasSizeLessThanOrEqualTo(203).doesNotContain(HostileClientApplication.MARKER);
	}

	/** The same key in a value of the wrong type is already cut. */
	@Test
	void aTypeMismatchPathIsAlreadyBounded() {
		JsonNode problem = post("{\"name\":\"a\",\"size\":1,\"attrs\":{\"" + KEY + "\":[1]}}");

		assertThat(problem.path("code").asString()).isEqualTo("MALFORMED_BODY");
		assertThat(problem.path("errors").get(0).path("field").asString()).hasSizeLessThanOrEqualTo(203)
			.doesNotContain(HostileClientApplication.MARKER);
	}

	private JsonNode post(String body) {
		RawHttp.Response response = new RawHttp(this.port).send("POST", "/hostile/items",
				List.<String[]>of(new String[] { "Content-Type", "application/json" }),
				body.getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).as("%s", response).isEqualTo(400);
		return json(response.body());
	}

}
