package dev.hardening.autoconfigure.audit;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.hardening.autoconfigure.logging.EcsStructuredLogFormatter;
import dev.hardening.audit.AuditChain;
import dev.hardening.audit.AuditEvent;
import dev.hardening.audit.AuditEvent.Outcome;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.StandardEnvironment;

/**
 * What the log sink costs per audited call: the event's link and one event on the
 * {@code hardening.audit} logger, written as ECS JSON by the starter's formatter to a stream that
 * discards it
 * ({@code chained}); the same without a chain key ({@code unchained}).
 *
 * <pre>
 * ./mvnw -o -q -Pbenchmarks package -pl hardening-benchmarks -am -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar LogSinkBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The benchmarks' own logging is slf4j-simple; the sink logs through Logback, as an application does.
@Fork(value = 1, jvmArgsAppend = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LogSinkBenchmark {

	private final AuditEvent event = new AuditEvent(Instant.parse("2026-12-04T10:15:30.123456789Z"), "project.update",
			"project", "1", Outcome.SUCCESS, null, "ada", "203.0.113.7", "curl/8.4", "01a23f13-1bd1-74b8-b1c8-27a2f117d0b7",
			"4bf92f3577b34da6a3ce929d0e0e4736", Map.of());

	private LoggingAuditLog chained;

	private LoggingAuditLog unchained;

	@Setup
	public void setUp() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		// the starter's ECS formatter (Boot's ECS, byte for byte), as the access log's docs set it up
		EcsStructuredLogFormatter ecs = new EcsStructuredLogFormatter(new StandardEnvironment());
		EncoderBase<ILoggingEvent> encoder = new EncoderBase<>() {

			@Override
			public byte[] headerBytes() {
				return null;
			}

			@Override
			public byte[] encode(ILoggingEvent event) {
				return ecs.formatAsBytes(event, StandardCharsets.UTF_8);
			}

			@Override
			public byte[] footerBytes() {
				return null;
			}

		};
		encoder.setContext(context);
		encoder.start();
		OutputStreamAppender<ILoggingEvent> discard = new OutputStreamAppender<>();
		discard.setContext(context);
		discard.setEncoder(encoder);
		discard.setOutputStream(OutputStream.nullOutputStream());
		discard.setImmediateFlush(false);
		discard.start();
		Logger logger = context.getLogger(LoggingAuditLog.LOGGER);
		logger.detachAndStopAllAppenders();
		logger.setAdditive(false);
		logger.setLevel(Level.INFO);
		logger.addAppender(discard);
		this.chained = new LoggingAuditLog(AuditChain.of("a benchmark chain key of 32 bytes".getBytes(StandardCharsets.UTF_8)));
		this.unchained = new LoggingAuditLog(null);
	}

	@Benchmark
	public void chained() {
		this.chained.record(this.event);
	}

	@Benchmark
	public void unchained() {
		this.unchained.record(this.event);
	}

}
