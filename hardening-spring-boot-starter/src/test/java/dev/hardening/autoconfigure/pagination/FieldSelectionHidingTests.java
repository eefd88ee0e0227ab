package dev.hardening.autoconfigure.pagination;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonFilter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonView;
import dev.hardening.autoconfigure.TestHttp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.FilterProvider;
import tools.jackson.databind.ser.std.SimpleBeanPropertyFilter;
import tools.jackson.databind.ser.std.SimpleFilterProvider;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field selection narrows what the handler's own serialization writes and nothing else: a field
 * that a {@code @JsonView}, a mixin of the application's mapper, {@code @JsonIgnore}, a mixin of
 * a converter's own mapper or a filter hides without {@code fields} stays hidden when
 * {@code fields} names it, and is answered as any field the response does not have.
 */
class FieldSelectionHidingTests {

	private static ConfigurableApplicationContext context;

	private static TestHttp http;

	@BeforeContainer
	static void start() {
		context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "hardening.pagination.fields.paths=/**")
			.run();
		http = new TestHttp(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
	}

	@AfterContainer
	static void stop() {
		context.close();
	}

	@Example
	void aFieldOutsideTheHandlersJsonViewCannotBeSelected() {
		assertHidden("/accounts/1", "passwordHash", "id,name");
	}

	@Example
	void aFieldOutsideTheJsonViewOfAResponseEntityCannotBeSelected() {
		assertHidden("/accounts/1/entity", "passwordHash", "id,name");
	}

	@Example
	void aFieldAMixinOfTheApplicationsMapperHidesCannotBeSelected() {
		assertHidden("/profiles/1", "email", "id");
	}

	@Example
	void aJsonIgnoredFieldCannotBeSelected() {
		assertHidden("/tokens/1", "secret", "id");
	}

	@Example
	void aFieldTheConvertersOwnMapperHidesCannotBeSelected() {
		assertHidden("/cards/1", "number", "id,last4");
	}

	@Example
	void aFieldAFilterHintHidesCannotBeSelected() {
		assertHidden("/reports/1", "internal", "id");
	}

	@Example
	void aHiddenNestedFieldCannotBeSelectedEither() {
		HttpResponse<String> response = http.get("/accounts?fields=" + enc("id,passwordHash"));

		JsonNode problem = assertProblem(response, 400, "UNKNOWN_FIELD");
		assertThat(problem.path("fields").toString()).isEqualTo("[\"passwordHash\"]");
	}

	@Example
	void aQueryTomcatCannotSplitIsABadRequest() {
		assertProblem(http.get("/profiles/1?=x&fields=id"), 400, "INVALID_PARAMETER");
	}

	@Property(tries = 150)
	void noSelectionFailsOrRevealsAField(@ForAll("paths") String path, @ForAll("selections") String fields) {
		JsonNode whole = json(http.get(path).body());

		HttpResponse<String> response = http.get(path + "?fields=" + enc(fields));

		if (response.statusCode() == 400) {
			assertThat(json(response.body()).path("code").asString()).isIn("UNKNOWN_FIELD", "INVALID_PARAMETER");
			return;
		}
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(names(json(response.body()), "")).isSubsetOf(names(whole, ""));
	}

	@Provide
	Arbitrary<String> paths() {
		return Arbitraries.of("/accounts/1", "/accounts/1/entity", "/accounts", "/profiles/1", "/tokens/1", "/cards/1",
				"/reports/1");
	}

	@Provide
	Arbitrary<String> selections() {
		Arbitrary<String> name = Arbitraries.oneOf(
				Arbitraries.of("id", "name", "passwordHash", "email", "secret", "number", "last4", "internal", "title",
						"owner", "owner.name", "owner.passwordHash", "items", "class", "@type"),
				Arbitraries.strings().ofMaxLength(8));
		return name.list().ofMinSize(1).ofMaxSize(5).map((names) -> String.join(",", names));
	}

	private static void assertHidden(String path, String hidden, String visible) {
		JsonNode whole = json(http.get(path).body());
		assertThat(whole.has(hidden)).as("%s without fields", hidden).isFalse();
		assertThat(whole.has("id")).isTrue();

		JsonNode problem = assertProblem(http.get(path + "?fields=" + enc("id," + hidden)), 400, "UNKNOWN_FIELD");
		assertThat(problem.path("fields").toString()).isEqualTo("[\"" + hidden + "\"]");
		assertProblem(http.get(path + "?fields=" + hidden), 400, "UNKNOWN_FIELD");

		HttpResponse<String> selected = http.get(path + "?fields=" + enc(visible));
		assertThat(selected.statusCode()).as(selected.body()).isEqualTo(200);
		assertThat(names(json(selected.body()), "")).isEqualTo(Set.of(visible.split(",")));
	}

	/** Every member's dotted path, array elements merged. */
	private static Set<String> names(JsonNode node, String prefix) {
		Set<String> names = new HashSet<>();
		if (node.isArray()) {
			node.forEach((element) -> names.addAll(names(element, prefix)));
		}
		else if (node.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> members = node.properties().iterator(); members.hasNext();) {
				Map.Entry<String, JsonNode> member = members.next();
				names.add(prefix + member.getKey());
				names.addAll(names(member.getValue(), prefix + member.getKey() + "."));
			}
		}
		return names;
	}

	private static String enc(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TestController.class, ReportFilterAdvice.class })
	static class TestApplication {

		@Bean
		JsonMapperBuilderCustomizer profileMixin() {
			return (builder) -> builder.addMixIn(Profile.class, ProfileMixin.class);
		}

		/** A converter with its own mapper, which hides what the application's mapper shows. */
		@Bean
		HttpMessageConverter<Object> cardConverter() {
			return new JacksonJsonHttpMessageConverter(
					JsonMapper.builder().addMixIn(Card.class, CardMixin.class).addMixIn(Profile.class, ProfileMixin.class));
		}

	}

	interface Summary {
	}

	record Account(@JsonView(Summary.class) long id, @JsonView(Summary.class) String name, String passwordHash) {
	}

	record Profile(long id, String email) {
	}

	abstract static class ProfileMixin {

		@JsonIgnore
		abstract String email();

	}

	record Token(long id, @JsonIgnore String secret) {
	}

	record Card(long id, String last4, String number) {
	}

	abstract static class CardMixin {

		@JsonIgnore
		abstract String number();

	}

	@JsonFilter("report")
	record Report(long id, String title, String internal) {
	}

	/** Gives reports a filter, as an application would for its Jackson 3 converter. */
	@ControllerAdvice
	static class ReportFilterAdvice implements ResponseBodyAdvice<Object> {

		private static final FilterProvider FILTERS = new SimpleFilterProvider().addFilter("report",
				SimpleBeanPropertyFilter.serializeAllExcept("internal"));

		@Override
		public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
			return returnType.getParameterType() == Report.class;
		}

		@Override
		public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
				Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
				ServerHttpResponse response) {
			return body;
		}

		@Override
		public Map<String, Object> determineWriteHints(Object body, MethodParameter returnType, MediaType contentType,
				Class<? extends HttpMessageConverter<?>> converterType) {
			return Map.of(FilterProvider.class.getName(), FILTERS);
		}

	}

	@RestController
	static class TestController {

		private static final Account ACCOUNT = new Account(1, "ada", "$2a$10$hash");

		@JsonView(Summary.class)
		@GetMapping("/accounts/1")
		Account account() {
			return ACCOUNT;
		}

		@JsonView(Summary.class)
		@GetMapping("/accounts/1/entity")
		ResponseEntity<Account> accountEntity() {
			return ResponseEntity.ok(ACCOUNT);
		}

		@JsonView(Summary.class)
		@GetMapping("/accounts")
		List<Account> accounts() {
			return List.of(ACCOUNT, new Account(2, "grace", "$2a$10$other"));
		}

		@GetMapping("/profiles/1")
		Profile profile() {
			return new Profile(1, "ada@example.com");
		}

		@GetMapping("/tokens/1")
		Token token() {
			return new Token(1, "s3cret");
		}

		@GetMapping("/cards/1")
		Card card() {
			return new Card(1, "4242", "4242424242424242");
		}

		@GetMapping("/reports/1")
		Report report() {
			return new Report(1, "q3", "do not publish");
		}

	}

}
