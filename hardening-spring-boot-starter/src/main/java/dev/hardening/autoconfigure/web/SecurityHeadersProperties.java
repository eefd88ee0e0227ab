package dev.hardening.autoconfigure.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Security headers, after the OWASP Secure Headers Project: the browser profile for HTML pages
 * and static resources, the API profile for JSON, problems and XML, chosen for each response by
 * its Content-Type when it commits.
 */
public class SecurityHeadersProperties {

	/**
	 * Whether to add security headers to every response that does not set them itself.
	 */
	private boolean enabled = true;

	/**
	 * Path patterns whose every response gets the browser profile, whatever its Content-Type,
	 * API data and errors included. Elsewhere the Content-Type decides: JSON, problems, XML,
	 * plain text and event streams get the API profile, everything else (HTML pages, CSS,
	 * JavaScript, images, fonts) the browser profile.
	 */
	private List<String> browserPaths = new ArrayList<>();

	/**
	 * Content-Security-Policy of API responses: JSON, problem+json, XML, plain text and event
	 * streams.
	 */
	private String apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

	/**
	 * Content-Security-Policy of browser responses: HTML pages and every other response that is
	 * not API data. Allows the page's own origin, data: images and inline styles; no inline
	 * scripts, no eval, no plugins.
	 */
	private String browserContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; "
			+ "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	/**
	 * Permissions-Policy: the powerful browser features denied to every origin.
	 */
	private String permissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
			+ "magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

	/**
	 * How long browsers keep to HTTPS (Strict-Transport-Security max-age). Sent only on
	 * requests that arrived over HTTPS, directly or through a trusted proxy. Zero: no HSTS.
	 */
	private Duration hstsMaxAge = Duration.ofDays(365);

	/**
	 * Whether HSTS covers subdomains.
	 */
	private boolean hstsIncludeSubdomains = true;

	/**
	 * Whether HSTS asks to be preloaded into browsers; only set it after submitting the domain.
	 */
	private boolean hstsPreload;

	/**
	 * Header values by name, replacing the defaults of both profiles; an empty value leaves the
	 * header out. Values must be printable ASCII.
	 */
	private Map<String, String> overrides = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getBrowserPaths() {
		return this.browserPaths;
	}

	public void setBrowserPaths(List<String> browserPaths) {
		this.browserPaths = browserPaths;
	}

	public String getApiContentSecurityPolicy() {
		return this.apiContentSecurityPolicy;
	}

	public void setApiContentSecurityPolicy(String apiContentSecurityPolicy) {
		this.apiContentSecurityPolicy = apiContentSecurityPolicy;
	}

	public String getBrowserContentSecurityPolicy() {
		return this.browserContentSecurityPolicy;
	}

	public void setBrowserContentSecurityPolicy(String browserContentSecurityPolicy) {
		this.browserContentSecurityPolicy = browserContentSecurityPolicy;
	}

	public String getPermissionsPolicy() {
		return this.permissionsPolicy;
	}

	public void setPermissionsPolicy(String permissionsPolicy) {
		this.permissionsPolicy = permissionsPolicy;
	}

	public Duration getHstsMaxAge() {
		return this.hstsMaxAge;
	}

	public void setHstsMaxAge(Duration hstsMaxAge) {
		this.hstsMaxAge = hstsMaxAge;
	}

	public boolean isHstsIncludeSubdomains() {
		return this.hstsIncludeSubdomains;
	}

	public void setHstsIncludeSubdomains(boolean hstsIncludeSubdomains) {
		this.hstsIncludeSubdomains = hstsIncludeSubdomains;
	}

	public boolean isHstsPreload() {
		return this.hstsPreload;
	}

	public void setHstsPreload(boolean hstsPreload) {
		this.hstsPreload = hstsPreload;
	}

	public Map<String, String> getOverrides() {
		return this.overrides;
	}

	public void setOverrides(Map<String, String> overrides) {
		this.overrides = overrides;
	}

}
