package dev.hardening.autoconfigure.error;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code TRACE} on an endpoint that supports only {@code POST}: Tomcat refuses {@code TRACE}
 * itself ({@code allowTrace=false}) before Spring MVC maps the request, and lists the methods the
 * {@code DispatcherServlet} overrides, not the endpoint's; the problem then has the general detail.
 * Any other unsupported method ({@code PROPFIND}, a lowercase {@code get}) gets {@code Allow: POST}
 * and "The endpoint supports only POST." ({@link HostileMethodsAndPathsTests}). An attack found
 * docs/errors.md promising the endpoint's methods for every {@code 405}; the doc now names
 * {@code TRACE} as the exception, and this pins what it says: a {@code 405} problem, an
 * {@code Allow} without {@code TRACE}, and nothing of the request echoed (no cross-site tracing).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HostileClientApplication.class)
class TraceRefusedByTomcatTests {

	@LocalServerPort
	private int port;

	@Test
	void traceIsRefusedByTomcatWithTheServletsMethodsAndNothingEchoed() {
		RawHttp.Response response = new RawHttp(this.port).send("TRACE", "/hostile/items",
				List.<String[]>of(new String[] { "X-Echo-Me", "Atk69trace" }), new byte[0]);

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = json(response.body());
		assertThat(problem.path("code").asString()).isEqualTo("METHOD_NOT_ALLOWED");
		assertThat(response.header("Allow")).as("Allow").isEqualTo("HEAD, DELETE, POST, GET, OPTIONS, PUT");
		assertThat(problem.path("detail").asString()).isEqualTo("The endpoint does not support this method.");
		assertThat(response.body()).doesNotContain("Atk69trace", "X-Echo-Me");
	}
}
