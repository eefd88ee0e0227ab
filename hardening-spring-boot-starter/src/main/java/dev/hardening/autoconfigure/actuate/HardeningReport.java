package dev.hardening.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * The hardening report: once every bean exists, the configuration is audited, each finding is
 * logged as one {@code WARN} line with its id and fix, and, with {@code hardening.report.fail-on},
 * the application refuses to start. The checks that ask the database run as the application
 * becomes ready (before it reports accepting traffic), under the same rules. Findings that
 * traffic reveals join later, logged once.
 */
public final class HardeningReport implements SmartInitializingSingleton, ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(HardeningReport.class);

	private final ConfigurationAudit audit;

	private final ReportProperties properties;

	private volatile List<Finding> startupFindings = List.of();

	private final Set<String> logged = ConcurrentHashMap.newKeySet();

	HardeningReport(ConfigurationAudit audit, ReportProperties properties) {
		this.audit = audit;
		this.properties = properties;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<Finding> findings = kept(this.audit.startupFindings());
		this.startupFindings = findings;
		findings.forEach(this::log);
		refuseIfNeeded(findings);
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		List<Finding> findings = kept(this.audit.readyFindings());
		List<Finding> all = new ArrayList<>(this.startupFindings);
		all.addAll(findings);
		this.startupFindings = List.copyOf(all);
		findings.forEach(this::log);
		refuseIfNeeded(findings);
	}

	private void refuseIfNeeded(List<Finding> findings) {
		List<Finding> refused = findings.stream().filter(this.properties.getFailOn()::fails).toList();
		if (!refused.isEmpty()) {
			throw new IllegalStateException("hardening.report.fail-on="
					+ this.properties.getFailOn().name().toLowerCase(Locale.ROOT)
					+ " and the hardening report found "
					+ refused.stream().map(Finding::id).distinct().collect(Collectors.joining(", "))
					+ "; each is logged above with its fix (docs/hardening-report.md)");
		}
	}

	/**
	 * Returns every finding: those of the configuration at startup, then those traffic revealed.
	 * @return the findings
	 */
	public List<Finding> findings() {
		List<Finding> findings = new ArrayList<>(this.startupFindings);
		for (Finding finding : kept(this.audit.runtimeFindings())) {
			findings.add(finding);
			if (this.logged.add(finding.id())) {
				log(finding);
			}
		}
		return findings;
	}

	private List<Finding> kept(List<Finding> findings) {
		return findings.stream().filter((finding) -> !this.properties.getIgnore().contains(finding.id())).toList();
	}

	private void log(Finding finding) {
		logger.warn("{} ({}): {}. Fix: {}", finding.id(), finding.severity(), finding.found(), finding.fix());
	}

}
