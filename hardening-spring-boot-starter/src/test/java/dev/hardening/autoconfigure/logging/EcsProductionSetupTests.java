package dev.hardening.autoconfigure.logging;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production setups docs/access-log.md gives: the formatter named as Boot's structured format,
 * and the access log in a file of its own, buffered, through it.
 */
class EcsProductionSetupTests {

	private static final MockEnvironment ENVIRONMENT = new MockEnvironment()
		.withProperty("spring.application.name", "projects-sample")
		.withProperty("spring.application.pid", "4242");

	@Test
	void bootsEncoderTakesTheFormatterByItsClassName() {
		LoggerContext context = context();
		StructuredLogEncoder ours = encoder(context, EcsStructuredLogFormatter.class.getName());
		StructuredLogEncoder boots = encoder(context, "ecs");
		ILoggingEvent event = accessEvent(context);

		assertThat(new String(ours.encode(event), StandardCharsets.UTF_8))
			.isEqualTo(new String(boots.encode(event), StandardCharsets.UTF_8))
			.startsWith("{\"@timestamp\":");
	}

	@Test
	void theAccessLogGoesToItsOwnBufferedFileAsEcsLines(@TempDir Path directory) throws Exception {
		String snippet = new String(getClass().getResourceAsStream("/logging/logback-access-file.xml").readAllBytes(),
				StandardCharsets.UTF_8)
			.replace("logs/", directory.toString() + "/");
		LoggerContext context = context();
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(context);
		configurator.doConfigure(new ByteArrayInputStream(snippet.getBytes(StandardCharsets.UTF_8)));

		context.getLogger("hardening.access").callAppenders(accessEvent(context));
		context.stop();

		List<String> lines = Files.readAllLines(directory.resolve("access.json"));
		assertThat(lines).hasSize(1);
		JsonNode line = JsonMapper.builder().build().readTree(lines.get(0));
		assertThat(line.path("log").path("logger").asString()).isEqualTo("hardening.access");
		assertThat(line.path("service").path("name").asString()).isEqualTo("projects-sample");
		assertThat(line.path("message").asString()).isEqualTo("GET /projects/1 200 39 ms id=01a2 client=127.0.0.1");
		assertThat(line.path("http").path("request").path("method").asString()).isEqualTo("GET");
		assertThat(line.path("client").path("address").asString()).isEqualTo("127.0.0.1");
	}

	private static LoggerContext context() {
		LoggerContext context = new LoggerContext();
		context.putObject(Environment.class.getName(), ENVIRONMENT);
		context.start();
		return context;
	}

	private static StructuredLogEncoder encoder(LoggerContext context, String format) {
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat(format);
		encoder.start();
		return encoder;
	}

	private static ILoggingEvent accessEvent(LoggerContext context) {
		LoggingEvent event = new LoggingEvent(LoggingEvent.class.getName(), context.getLogger("hardening.access"),
				ch.qos.logback.classic.Level.INFO, "GET /projects/1 200 39 ms id=01a2 client=127.0.0.1", null, null);
		event.setMDCPropertyMap(java.util.Map.of("requestId", "01a2"));
		event.setKeyValuePairs(List.of(new KeyValuePair("http.request.method", "GET"),
				new KeyValuePair("url.path", "/projects/1"), new KeyValuePair("http.response.status_code", 200),
				new KeyValuePair("client.address", "127.0.0.1")));
		return event;
	}

}
