package dev.hardening.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.context.ApplicationContext;

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

	private final JsonMapper json = JsonMapper.builder().build();

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
				settings.put(prefix, masked(this.json.convertValue(bean.getInstance(), Object.class)));
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

	/**
	 * The report as the endpoint writes it.
	 *
	 * @param findings every finding
	 * @param settings the effective settings, by property prefix
	 */
	public record Report(List<Finding> findings, Map<String, Object> settings) {
	}

}
