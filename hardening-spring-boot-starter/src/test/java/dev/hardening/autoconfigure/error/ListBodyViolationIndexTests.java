package dev.hardening.autoconfigure.error;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by an attack, and fixed. Before the fix, the {@code errors} of a JSON array body whose elements break their constraints
 * ({@code @RequestBody List<@Valid Item>}, which Spring MVC validates as method validation) do not
 * say which element failed. {@code POST /hostile/batch} with
 * {@code [{"name":"a","size":1},{"name":"","size":1},{"name":"","size":0}]} answers
 * {@code errors: [{field:"name",...},{field:"name",...},{field:"size",...}]}: the same field twice,
 * no index, as if the first (valid) element had failed. {@code Violations.of(ParameterErrors)}
 * drops the container index Spring keeps ({@code ParameterErrors.getContainerIndex()}), while a
 * wrong type in the same body is already named with its index ({@code [1].size}, from Jackson's
 * path).
 *
 * <p>What happens now, per docs/errors.md ({@code errors}: "the field as the client named it";
 * the class javadoc of {@code Violations}): each violation names its element as the type mismatch
 * does, {@code [1].name}, {@code [2].name}, {@code [2].size}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HostileClientApplication.class)
class ListBodyViolationIndexTests {

	@LocalServerPort
	private int port;

	@Test
	void eachViolationNamesItsElement() {
		JsonNode problem = post("[{\"name\":\"a\",\"size\":1},{\"name\":\"\",\"size\":1},{\"name\":\"\",\"size\":0}]");

		assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(fields(problem)).containsExactly("[1].name", "[2].name", "[2].size");
	}

	/** A wrong type in the same body already names its element. */
	@Test
	void aWrongTypeAlreadyNamesItsElement() {
		JsonNode problem = post("[{\"name\":\"a\",\"size\":1},{\"name\":\"b\",\"size\":\"x\"}]");

		assertThat(problem.path("code").asString()).isEqualTo("MALFORMED_BODY");
		assertThat(fields(problem)).containsExactly("[1].size");
	}

	private JsonNode post(String body) {
		RawHttp.Response response = new RawHttp(this.port).send("POST", "/hostile/batch",
				List.<String[]>of(new String[] { "Content-Type", "application/json" }),
				body.getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).as("%s", response).isEqualTo(400);
		return json(response.body());
	}

	private static List<String> fields(JsonNode problem) {
		List<String> fields = new ArrayList<>();
		problem.path("errors").forEach((error) -> fields.add(error.path("field").asString()));
		return fields;
	}

}
