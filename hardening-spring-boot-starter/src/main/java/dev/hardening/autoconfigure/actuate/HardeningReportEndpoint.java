package dev.hardening.autoconfigure.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.ser.std.ToStringSerializer;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.context.ApplicationContext;
import org.springframework.util.MimeType;
import org.springframework.util.unit.DataSize;

/**
 * {@code /actuator/hardening}: the findings of the {@link HardeningReport} and the effective
 * settings of every hardening capability, secrets masked. Not exposed unless the application
 * adds {@code hardening} to {@code management.endpoints.web.exposure.include}.
 */
@Endpoint(id = "hardening")
public class HardeningReportEndpoint {

	private static final String MASK = "******";

	private final HardeningReport report;

	private final ApplicationContext context;

	private static final JsonMapper JSON = JsonMapper.builder()
		.addModule(new SimpleModule("hardening-settings").addSerializer(Duration.class, new DurationText())
			.addSerializer(DataSize.class, new DataSizeText())
			.addSerializer(MimeType.class, ToStringSerializer.instance))
		.build();

	HardeningReportEndpoint(HardeningReport report, ApplicationContext context) {
		this.report = report;
		this.context = context;
	}

	/**
	 * Returns the report.
	 * @return findings and settings
	 */
	@ReadOperation
	public Report report() {
		Map<String, Object> settings = new TreeMap<>();
		ConfigurationPropertiesBean.getAll(this.context).values().forEach((bean) -> {
			String prefix = bean.getAnnotation().prefix();
			if (prefix.startsWith("hardening")) {
				settings.put(prefix, masked(JSON.convertValue(bean.getInstance(), Object.class)));
			}
		});
		return new Report(this.report.findings(), settings);
	}

	@SuppressWarnings("unchecked")
	private static Object masked(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> result = new LinkedHashMap<>();
			((Map<String, Object>) map).forEach((key, entry) -> {
				String name = key.replaceAll("([a-z])([A-Z])", "$1-$2");
				boolean secret = entry != null && ConfigurationAudit.holdsSecret(name, entry.toString());
				result.put(key, secret ? MASK : masked(entry));
			});
			return result;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(HardeningReportEndpoint::masked).toList();
		}
		return value;
	}

	/** Durations as application.yml spells them: 800ms, 5s, 10m. */
	private static final class DurationText extends StdSerializer<Duration> {

		DurationText() {
			super(Duration.class);
		}

		@Override
		public void serialize(Duration value, JsonGenerator generator, SerializationContext context) {
			generator.writeString(text(value));
		}

		static String text(Duration value) {
			long millis = value.toMillis();
			if (millis == 0 || millis % 1000 != 0) {
				return millis + "ms";
			}
			long seconds = millis / 1000;
			if (seconds % 86400 == 0) {
				return (seconds / 86400) + "d";
			}
			if (seconds % 3600 == 0) {
				return (seconds / 3600) + "h";
			}
			return (seconds % 60 == 0) ? (seconds / 60) + "m" : seconds + "s";
		}

	}

	/** Sizes as application.yml spells them: 4KB, 1MB. */
	private static final class DataSizeText extends StdSerializer<DataSize> {

		DataSizeText() {
			super(DataSize.class);
		}

		@Override
		public void serialize(DataSize value, JsonGenerator generator, SerializationContext context) {
			long bytes = value.toBytes();
			if (bytes != 0 && bytes % (1024 * 1024) == 0) {
				generator.writeString(value.toMegabytes() + "MB");
			}
			else if (bytes != 0 && bytes % 1024 == 0) {
				generator.writeString(value.toKilobytes() + "KB");
			}
			else {
				generator.writeString(bytes + "B");
			}
		}

	}

	/**
	 * The report as the endpoint writes it.
	 *
	 * @param findings every finding
	 * @param settings the effective settings, by property prefix
	 */
	public record Report(List<Finding> findings, Map<String, Object> settings) {
	}

}
