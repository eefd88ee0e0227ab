package dev.hardening.autoconfigure.actuate;

/**
 * One thing in the configuration that will hurt in production.
 *
 * @param id stable identifier, such as {@code HR-DB-TLS}, documented in docs/hardening-report.md
 * @param severity how much it will hurt
 * @param found what was found, naming the property (never its value when it may be a secret)
 * @param fix what to do about it
 */
public record Finding(String id, Severity severity, String found, String fix) {

	/**
	 * How much a finding will hurt.
	 */
	public enum Severity {

		/** Worth fixing. */
		LOW,

		/** Will cause an incident sooner or later. */
		MEDIUM,

		/** Exposes data or lets one failure take the service down. */
		HIGH

	}

}
