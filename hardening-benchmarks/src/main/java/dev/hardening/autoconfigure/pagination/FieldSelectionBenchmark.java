package dev.hardening.autoconfigure.pagination;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * What {@code fields=id,name,owner.name} costs: a list of 100 objects of 8 fields (one a nested
 * object, one a list of strings) written with Jackson, against the same list trimmed: the way
 * {@code FieldSelectionAdvice} did it before it honoured the handler's serialization
 * ({@code selected}: convert the list to a tree with {@code valueToTree}, trim, write), and the
 * way it does it now ({@code selectedAsWritten}: the converter writes the list, the bytes are read
 * back as a tree, trimmed, and the tree written). In this package because {@code FieldSelection}
 * is not public API.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -pl hardening-benchmarks -am package -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar FieldSelectionBenchmark -t 1 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FieldSelectionBenchmark {

	static final int ITEMS = 100;

	static final List<String> FIELDS = List.of("id,name,owner.name");

	/** As {@code HandlerJson} reads written bodies back. */
	private static final JsonMapper READER = JsonMapper.builder()
		.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	private static final ResolvableType PROJECTS = ResolvableType.forClassWithGenerics(List.class, Project.class);

	private final JsonMapper json = JsonMapper.builder().build();

	private final JacksonJsonHttpMessageConverter converter = new JacksonJsonHttpMessageConverter(this.json);

	private final List<Project> projects = new ArrayList<>();

	@Setup(Level.Trial)
	public void setUp() {
		Instant created = Instant.parse("2026-11-23T09:30:00Z");
		for (int i = 0; i < ITEMS; i++) {
			Owner owner = new Owner(1000 + i, "Owner " + i, "owner" + i + "@example.com");
			List<String> tags = List.of("api", "java", "tag-" + (i % 7));
			this.projects.add(new Project(i, "Project " + i, "The description of project " + i + ", a sentence or two.",
					owner, tags, created.plusSeconds(i * 3600L), i % 5 == 0, i * 3));
		}
		String first = new String(selected(), StandardCharsets.UTF_8);
		if (!first.startsWith("[{\"id\":0,\"name\":\"Project 0\",\"owner\":{\"name\":\"Owner 0\"}},")) {
			throw new IllegalStateException("unexpected selection: " + first);
		}
	}

	@Benchmark
	public byte[] full() {
		return this.json.writeValueAsBytes(this.projects);
	}

	@Benchmark
	public byte[] selected() {
		FieldSelection selection = FieldSelection.parse("fields", FIELDS);
		JsonNode tree = this.json.valueToTree(this.projects);
		List<String> unknown = selection.apply(tree);
		if (!unknown.isEmpty()) {
			throw new IllegalStateException("unknown fields " + unknown);
		}
		return this.json.writeValueAsBytes(tree);
	}

	@Benchmark
	public byte[] selectedAsWritten() throws IOException {
		FieldSelection selection = FieldSelection.parse("fields", FIELDS);
		ByteArrayOutputStream written = new ByteArrayOutputStream(1024);
		HttpOutputMessage output = new HttpOutputMessage() {

			private final HttpHeaders headers = new HttpHeaders();

			@Override
			public OutputStream getBody() {
				return written;
			}

			@Override
			public HttpHeaders getHeaders() {
				return this.headers;
			}

		};
		this.converter.write(this.projects, PROJECTS, MediaType.APPLICATION_JSON, output, Map.of());
		JsonNode tree = READER.readTree(written.toByteArray());
		List<String> unknown = selection.apply(tree);
		if (!unknown.isEmpty()) {
			throw new IllegalStateException("unknown fields " + unknown);
		}
		return this.json.writeValueAsBytes(tree);
	}

	/**
	 * An item of a listing.
	 *
	 * @param id the ID
	 * @param name the name
	 * @param description a sentence or two
	 * @param owner who owns it
	 * @param tags its tags
	 * @param createdAt when it was created
	 * @param archived whether it is archived
	 * @param stars how many stars it has
	 */
	public record Project(long id, String name, String description, Owner owner, List<String> tags, Instant createdAt,
			boolean archived, int stars) {
	}

	/**
	 * The owner of a project.
	 *
	 * @param id the ID
	 * @param name the name
	 * @param email the address
	 */
	public record Owner(long id, String name, String email) {
	}

}
