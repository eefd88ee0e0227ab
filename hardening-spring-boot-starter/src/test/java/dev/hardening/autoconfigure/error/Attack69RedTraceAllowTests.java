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
 * RED: {@code TRACE} on an endpoint that supports only {@code POST} is answered {@code 405} with
 * {@code Allow: HEAD, DELETE, POST, GET, OPTIONS, PUT} and the detail "The endpoint does not
 * support this method.". Tomcat refuses {@code TRACE} itself ({@code allowTrace=false}) before
 * Spring MVC maps the request, and lists the methods the {@code DispatcherServlet} overrides, not
 * the endpoint's; the problem then comes from {@code ProblemErrorController}'s general detail. Any
 * other unsupported method ({@code PROPFIND}, a lowercase {@code get}) gets {@code Allow: POST} and
 * "The endpoint supports only POST." ({@link Attack69MethodsAndPathsTests}).
 *
 * <p>What should happen, per docs/errors.md's code table ({@code METHOD_NOT_ALLOWED}: "with an
 * {@code Allow} header; the detail names the allowed methods"): the same answer as for
 * {@code PROPFIND}, {@code Allow: POST} and "The endpoint supports only POST.", or the doc says
 * that {@code TRACE} is the exception.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = Attack69Application.class)
class Attack69RedTraceAllowTests {

	@LocalServerPort
	private int port;

	@Test
	void traceIsAnsweredLikeAnyOtherUnsupportedMethod() {
		RawHttp.Response response = new RawHttp(this.port).send("TRACE", "/a69/items", List.of(), new byte[0]);

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = json(response.body());
		assertThat(problem.path("code").asString()).isEqualTo("METHOD_NOT_ALLOWED");
		assertThat(response.header("Allow")).as("Allow").isEqualTo("POST");
		assertThat(problem.path("detail").asString()).isEqualTo("The endpoint supports only POST.");
	}

}
