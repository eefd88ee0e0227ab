package dev.hardening.autoconfigure.pagination;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code fields=id,name,owner.name} costs: a list of 100 objects of 8 fields (one a nested
 * object, one a list of strings) written with Jackson, against the same list trimmed the way
 * {@code FieldSelectionAdvice} does it: parse the selection, convert the list to a tree, trim
 * the tree, write the tree. In this package because {@code FieldSelection} is not public API.
 *
 * <pre>
 * ./mvnw -pl hardening-benchmarks -am package -DskipTests
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

	private final JsonMapper json = JsonMapper.builder().build();

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
