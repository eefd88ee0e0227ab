package dev.hardening.autoconfigure.pagination;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/field-selection.md: "Any value of fields is a 200 or a 400 UNKNOWN_FIELD or
 * INVALID_PARAMETER, never a 500". A response the handler's converter writes without trouble
 * (a 200 without fields) must be selectable: here one with a 1001-digit number (a BigInteger or
 * a BigDecimal written plain), or with a member name of 50 001 characters (a map keyed by stored
 * client data). Selecting {@code id}, which the response has, answers 500.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = FieldSelectionLargeValuesTests.LargeValuesApplication.class,
		properties = "hardening.pagination.fields.paths=/large/**")
class FieldSelectionLargeValuesTests {

	@LocalServerPort
	private int port;

	@Test
	void aResponseWithALongNumberIsSelectable() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> whole = http.get("/large/number");
		assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);

		HttpResponse<String> selected = http.get("/large/number?fields=id");

		assertThat(selected.statusCode()).as("fields=id on a response with a 1001-digit number: %s", selected.body())
			.isEqualTo(200);
		assertThat(json(selected.body()).toString()).isEqualTo("{\"id\":1}");
	}

	@Test
	void aResponseWithALongMemberNameIsSelectable() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> whole = http.get("/large/name");
		assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);

		HttpResponse<String> selected = http.get("/large/name?fields=id");

		assertThat(selected.statusCode()).as("fields=id on a response with a 50001-character name: %s",
				selected.body()).isEqualTo(200);
		assertThat(json(selected.body()).toString()).isEqualTo("{\"id\":1}");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(LargeValuesController.class)
	static class LargeValuesApplication {

	}

	@RestController
	static class LargeValuesController {

		@GetMapping("/large/number")
		Map<String, Object> number() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("id", 1);
			body.put("n", new BigInteger("9".repeat(1001)));
			return body;
		}

		@GetMapping("/large/name")
		Map<String, Object> name() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("id", 1);
			body.put("k".repeat(50_001), "v");
			return body;
		}

	}

}
