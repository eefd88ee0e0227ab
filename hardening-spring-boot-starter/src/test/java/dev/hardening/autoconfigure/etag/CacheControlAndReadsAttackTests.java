package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.util.List;

import dev.hardening.etag.ETag;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cache-Control rules and conditional reads under attack, with the default path matching: a
 * private path is never answered with the public rule through dot-segments, matrix parameters,
 * percent-encoding, double slashes or case; errors on a public path are {@code no-store} with no
 * ETag; a deep-tagged read evaluates {@code If-Match} before {@code If-None-Match}; a
 * {@code 304} has no body and the validators of its {@code 200}; a malformed {@code If-None-Match}
 * is ignored, never a {@code 500}; async answers get no ETag. Holds on the current code.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = CacheControlAndReadsAttackTests.App.class,
		properties = { "hardening.etag.cache-control[0].paths=/public/**",
				"hardening.etag.cache-control[0].value=public, max-age=3600",
				"hardening.etag.cache-control[1].paths=/private/**",
				"hardening.etag.cache-control[1].value=private, no-cache" })
class CacheControlAndReadsAttackTests {

	@LocalServerPort
	private int port;

	private EtagWire wire() {
		return new EtagWire(this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/public/../private/me", "/public;x=1/../private/me", "/public/%2e%2e/private/me",
			"/public/..;/private/me", "/public/.%2e/private/me", "//public/../private/me", "/PUBLIC/../private/me",
			"/public/%2E%2E/private/me", "/public/./../private/me" })
	void aPrivateResponseIsNeverMarkedPublic(String target) {
		EtagWire.Response response = wire().send("GET", target, null);

		if (response.body().contains("secret of user 1")) {
			assertThat(response.header("Cache-Control")).as(target).isEqualTo("private, no-cache");
		}
		else {
			assertThat(response.header("Cache-Control")).as(target).isNotEqualTo("public, max-age=3600");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/private/me", "/private;x=1/me", "/private/me;jsessionid=1", "/%70rivate/me",
			"/private/me/" })
	void thePrivateRuleFollowsEverySpellingThatReachesThePrivateHandler(String target) {
		EtagWire.Response response = wire().send("GET", target, null);

		if (response.status() == 200) {
			assertThat(response.header("Cache-Control")).as(target).isEqualTo("private, no-cache");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/public/boom", "/public/bad-request", "/public/bad-request?n=x", "/public/send-error",
			"/public/missing", "/public/deep/1" })
	void anErrorOnAPublicPathIsNoStoreWithNoETag(String target) {
		EtagWire.Response response = wire().send("GET", target, null, "If-Match", "\"stale\"");

		assertThat(response.status()).as(target).isGreaterThanOrEqualTo(400);
		assertThat(response.headers("Cache-Control")).as(target).containsExactly("no-store");
		assertThat(response.header("ETag")).as(target).isNull();
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

	@Test
	void aDeepReadEvaluatesIfMatchBeforeIfNoneMatch() {
		EtagWire.Response response = wire().send("GET", "/public/deep/1", null, "If-Match", "\"stale\"",
				"If-None-Match", "\"3\"");

		assertThat(response.status()).isEqualTo(412);
		assertThat(response.body()).contains("\"code\":\"PRECONDITION_FAILED\"");
	}

	@Test
	void aNotModifiedHasNoBodyAndTheValidatorsOfItsOk() {
		for (String target : List.of("/public/list", "/public/deep/1")) {
			for (String method : List.of("GET", "HEAD")) {
				EtagWire.Response ok = wire().send(method, target, null);
				EtagWire.Response notModified = wire().send(method, target, null, "If-None-Match",
						"\"other\",, " + ok.header("ETag") + " ,", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT");

				assertThat(notModified.status()).as("%s %s", method, target).isEqualTo(304);
				assertThat(notModified.body()).isEmpty();
				assertThat(notModified.header("ETag")).isEqualTo(ok.header("ETag"));
				assertThat(notModified.header("Cache-Control")).isEqualTo("public, max-age=3600");
				assertThat(notModified.header("Content-Length")).isNull();
				assertThat(notModified.header("Transfer-Encoding")).isNull();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "junk", "\"a\"\"b\"", "W/", "\"unterminated", "*, \"x\"", "%22x%22", "\"\u00e9\u00ff\"",
			"W/\"x\" junk", ",,,,", "*" })
	void aMalformedOrOddIfNoneMatchIsNeverAServerError(String ifNoneMatch) {
		EtagWire.Response response = wire().send("GET", "/public/list", null, "If-None-Match", ifNoneMatch);

		assertThat(response.status()).as(ifNoneMatch).isIn(200, 304);
		if (!ifNoneMatch.equals("*")) {
			assertThat(response.status()).as("a malformed If-None-Match is ignored: %s", ifNoneMatch).isEqualTo(200);
		}
	}

	@Test
	void aHugeIfNoneMatchListIsEvaluatedWhole() {
		String etag = wire().send("GET", "/public/list", null).header("ETag");
		StringBuilder list = new StringBuilder();
		for (int i = 0; i < 700; i++) {
			list.append("\"x").append(i).append("\", ");
		}
		assertThat(wire().send("GET", "/public/list", null, "If-None-Match", list + etag).status()).isEqualTo(304);
		assertThat(wire().send("GET", "/public/list", null, "If-None-Match", list + "\"y\"").status()).isEqualTo(200);
	}

	@Test
	void anAsyncAnswerGetsNoETag() {
		EtagWire.Response response = wire().send("GET", "/public/deferred", null);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("ETag")).isNull();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Controller.class)
	static class App {

	}

	@RestController
	static class Controller {

		@GetMapping("/private/me")
		String me() {
			return "secret of user 1";
		}

		@GetMapping("/public/list")
		List<String> list() {
			return List.of("first", "second");
		}

		@GetMapping("/public/deep/{id}")
		ResponseEntity<String> deep(@PathVariable long id, ConditionalRequest conditional) {
			return conditional.respond(ETag.ofVersion(3), () -> "deep " + id);
		}

		@GetMapping("/public/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/public/bad-request")
		String badRequest(@RequestParam int n) {
			return "n=" + n;
		}

		@GetMapping("/public/send-error")
		void sendError(HttpServletResponse response) throws IOException {
			response.sendError(403);
		}

		@GetMapping("/public/deferred")
		DeferredResult<String> deferred() {
			DeferredResult<String> result = new DeferredResult<>();
			result.setResult("later");
			return result;
		}

	}

}
