package dev.hardening.benchmarks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.hardening.audit.AuditChain;
import dev.hardening.audit.AuditEvent;
import dev.hardening.audit.AuditEvent.Outcome;
import dev.hardening.audit.JdbcAuditLog;
import dev.hardening.test.TestPostgres;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What auditing an action costs: {@code update} is the business write alone (one {@code UPDATE}
 * and its commit on a real PostgreSQL); {@code updateAudited} the same with its event appended in
 * the same transaction by the jdbc sink (the chain head locked, the event inserted, the head
 * moved); {@code link} the HMAC of one event, the CPU part of every chained sink. One thread, so
 * no wait for the chain's lock.
 *
 * <pre>
 * ./mvnw -o -q -Pbenchmarks package -pl hardening-benchmarks -am -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar AuditBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AuditBenchmark {

	private static final AuditChain CHAIN = AuditChain
		.of("a benchmark chain key of 32 bytes".getBytes(StandardCharsets.UTF_8));

	private final AuditEvent event = new AuditEvent(Instant.parse("2026-12-04T10:15:30.123456789Z"), "project.update",
			"project", "1", Outcome.SUCCESS, null, "ada", "203.0.113.7", "curl/8.4", "01a23f13-1bd1-74b8-b1c8-27a2f117d0b7",
			"4bf92f3577b34da6a3ce929d0e0e4736", Map.of());

	private Connection connection;

	private PreparedStatement update;

	private JdbcAuditLog log;

	private long version;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		TestPostgres postgres = TestPostgres.shared();
		this.connection = postgres.dataSource().getConnection();
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS hardening_audit_event");
			statement.execute("DROP TABLE IF EXISTS hardening_audit_head");
			statement.execute("DROP TABLE IF EXISTS bench_projects");
			statement.execute("CREATE TABLE bench_projects (id bigint PRIMARY KEY, name text, version bigint)");
			statement.execute("INSERT INTO bench_projects VALUES (1, 'Apollo', 1)");
			statement.execute(new String(Objects.requireNonNull(
					JdbcAuditLog.class.getResourceAsStream("schema-postgresql.sql")).readAllBytes(), StandardCharsets.UTF_8));
		}
		this.connection.setAutoCommit(false);
		this.update = this.connection.prepareStatement("UPDATE bench_projects SET version = ? WHERE id = 1");
		this.log = new JdbcAuditLog(postgres.dataSource(), CHAIN, "bench");
	}

	@TearDown(Level.Trial)
	public void tearDown() throws SQLException {
		this.update.close();
		this.connection.close();
	}

	@Benchmark
	public int update() throws SQLException {
		this.update.setLong(1, ++this.version);
		int rows = this.update.executeUpdate();
		this.connection.commit();
		return rows;
	}

	@Benchmark
	public long updateAudited() throws SQLException {
		this.update.setLong(1, ++this.version);
		this.update.executeUpdate();
		long id = this.log.append(this.connection, this.event);
		this.connection.commit();
		return id;
	}

	@Benchmark
	public String link() {
		return CHAIN.link(AuditChain.GENESIS, this.event);
	}

}
