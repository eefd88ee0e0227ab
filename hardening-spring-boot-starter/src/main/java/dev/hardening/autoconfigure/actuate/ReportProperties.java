package dev.hardening.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Hardening report settings.
 */
@ConfigurationProperties("hardening.report")
public class ReportProperties {

	/**
	 * Whether to check the configuration at startup, log one WARN line per finding, and offer
	 * the findings at the 'hardening' Actuator endpoint.
	 */
	private boolean enabled = true;

	/**
	 * Lowest severity of a finding that stops the application from starting: none (default),
	 * low, medium or high. For production profiles that want the checklist enforced.
	 */
	private FailOn failOn = FailOn.NONE;

	/**
	 * Lowest PostgreSQL sslmode accepted for a database on another host: verify-full (default,
	 * the certificate and its host name are checked) or require (encrypted, certificate not
	 * checked).
	 */
	private String minSslmode = "verify-full";

	/**
	 * Instances of this service expected to run at once, rolling deployments included; the
	 * pool size times this must fit in the database's max_connections.
	 */
	private int expectedInstances = 2;

	/**
	 * Finding ids to leave out, for risks the team has accepted, e.g. HR-HOSTS-EMPTY.
	 */
	private List<String> ignore = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public FailOn getFailOn() {
		return this.failOn;
	}

	public void setFailOn(FailOn failOn) {
		this.failOn = failOn;
	}

	public String getMinSslmode() {
		return this.minSslmode;
	}

	public void setMinSslmode(String minSslmode) {
		this.minSslmode = minSslmode;
	}

	public int getExpectedInstances() {
		return this.expectedInstances;
	}

	public void setExpectedInstances(int expectedInstances) {
		this.expectedInstances = expectedInstances;
	}

	public List<String> getIgnore() {
		return this.ignore;
	}

	public void setIgnore(List<String> ignore) {
		this.ignore = ignore;
	}

	/**
	 * Which findings stop the application from starting.
	 */
	public enum FailOn {

		/** None: findings are logged only. */
		NONE(null),

		/** Any finding. */
		LOW(Finding.Severity.LOW),

		/** Medium and high findings. */
		MEDIUM(Finding.Severity.MEDIUM),

		/** High findings only. */
		HIGH(Finding.Severity.HIGH);

		private final Finding.@Nullable Severity threshold;

		FailOn(Finding.@Nullable Severity threshold) {
			this.threshold = threshold;
		}

		boolean fails(Finding finding) {
			return this.threshold != null && finding.severity().compareTo(this.threshold) >= 0;
		}

	}

}
