package dev.hardening.autoconfigure.logging;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.logging.structured.ElasticCommonSchemaProperties;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Spring Boot's ECS structured log format for Logback, byte for byte, written straight to UTF-8
 * into a buffer it reuses. Boot's own formatter encodes its line one character at a time,
 * allocating for each; for a typical access-log line that is some 30 KB and tens of microseconds
 * per event, this writes the same line for the cost of one {@code byte[]}.
 *
 * <p>Configured as Boot configures a custom format, in place of {@code ecs}:
 * <pre>
 * logging.structured.format.console=dev.hardening.autoconfigure.logging.EcsStructuredLogFormatter
 * </pre>
 * or as the {@code <format>} of a {@code StructuredLogEncoder} in {@code logback-spring.xml}.
 *
 * <p>Events it does not write itself go to Boot's own ECS formatter, so the output is always
 * Boot's: events with a throwable or markers, context pairs it would have to second-guess (a
 * value that is {@code null}, a map, a collection or an array; a name with an empty part; names
 * that clash, on which Boot's formatter fails), charsets other than UTF-8, and every event when
 * {@code logging.structured.json.*} customizes the members or a
 * {@code StructuredLoggingJsonMembersCustomizer} is declared in {@code spring.factories}.
 * {@code logging.structured.ecs.service.*} and {@code spring.application.*} name the service as
 * they do for Boot's.
 */
public class EcsStructuredLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

	private static final String JSON_PROPERTIES = "logging.structured.json.";

	private static final String STACK_TRACE_PROPERTIES = JSON_PROPERTIES + "stacktrace.";

	private final byte[] process;

	private final byte[] service;

	private final boolean customized;

	private final Map<Charset, StructuredLogEncoder> boots = new ConcurrentHashMap<>();

	/**
	 * Writers and their buffers, lent to one thread at a time: a pool rather than a thread local,
	 * so that virtual threads, one per request, do not each make their own. A thread that finds
	 * none free makes one, and the pool keeps it if a slot is free when it is done.
	 */
	private final AtomicReferenceArray<EcsLine> lines = new AtomicReferenceArray<>(
			Math.max(8, 2 * Runtime.getRuntime().availableProcessors()));

	/**
	 * Creates the formatter; Boot's structured logging calls it with the environment.
	 * @param environment the environment
	 */
	public EcsStructuredLogFormatter(Environment environment) {
		Long pid = environment.getProperty("spring.application.pid", Long.class);
		this.process = ((pid != null) ? ",\"process\":{\"pid\":" + pid + "," : ",\"process\":{")
			.getBytes(StandardCharsets.UTF_8);
		String service = JsonWriter.of((members) -> ElasticCommonSchemaProperties.get(environment).jsonMembers(members))
			.writeToString(environment);
		this.service = ("," + service.substring(1, service.length() - 1)).getBytes(StandardCharsets.UTF_8);
		this.customized = isCustomized(environment);
	}

	@Override
	public String format(ILoggingEvent event) {
		return new String(formatAsBytes(event, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
	}

	@Override
	public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
		if (!this.customized && StandardCharsets.UTF_8.equals(charset)) {
			EcsLine writer = borrow();
			byte[] line = writer.write(event, this.process, this.service);
			giveBack(writer);
			if (line != null) {
				return line;
			}
		}
		return boots(charset).encode(event);
	}

	private EcsLine borrow() {
		int slots = this.lines.length();
		int first = (int) (Thread.currentThread().getId() % slots);
		for (int i = 0; i < slots; i++) {
			int slot = (first + i) % slots;
			EcsLine line = this.lines.get(slot);
			if (line != null && this.lines.compareAndSet(slot, line, null)) {
				return line;
			}
		}
		return new EcsLine();
	}

	private void giveBack(EcsLine line) {
		int slots = this.lines.length();
		int first = (int) (Thread.currentThread().getId() % slots);
		for (int i = 0; i < slots; i++) {
			if (this.lines.compareAndSet((first + i) % slots, null, line)) {
				return;
			}
		}
	}

	/** Boot's own ECS formatter, for the events this one leaves to it. */
	private StructuredLogEncoder boots(Charset charset) {
		return this.boots.computeIfAbsent(charset, (key) -> {
			StructuredLogEncoder encoder = new StructuredLogEncoder();
			encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
			encoder.setFormat("ecs");
			encoder.setCharset(key);
			encoder.start();
			return encoder;
		});
	}

	/**
	 * Whether Boot's formatter would write other members than its defaults: a
	 * {@code logging.structured.json.*} property (but for the stack trace's, which only events
	 * with a throwable use), or a members customizer declared in {@code spring.factories}.
	 */
	static boolean isCustomized(Environment environment) {
		if (environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						String canonical = name.toLowerCase(Locale.ROOT).replace('_', '.');
						if (canonical.startsWith(JSON_PROPERTIES) && !canonical.startsWith(STACK_TRACE_PROPERTIES)) {
							return true;
						}
					}
				}
			}
		}
		return declaresCustomizer(EcsStructuredLogFormatter.class.getClassLoader());
	}

	private static boolean declaresCustomizer(@Nullable ClassLoader classLoader) {
		try {
			return PropertiesLoaderUtils.loadAllProperties("META-INF/spring.factories", classLoader)
				.containsKey(StructuredLoggingJsonMembersCustomizer.class.getName());
		}
		catch (java.io.IOException ex) {
			return true;
		}
	}

}
