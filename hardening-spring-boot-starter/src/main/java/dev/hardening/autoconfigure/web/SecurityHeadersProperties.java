package dev.hardening.autoconfigure.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Security headers, after the OWASP Secure Headers Project.
 */
public class SecurityHeadersProperties {

	/**
	 * Whether to add security headers to every response that does not set them itself.
	 */
	private boolean enabled = true;

	/**
	 * Path patterns of HTML pages, which get the browser profile: browser-content-security-policy
	 * instead of the API's deny-all policy. Every other path gets the API profile.
	 */
	private List<String> browserPaths = new ArrayList<>();

	/**
	 * Content-Security-Policy of API responses.
	 */
	private String apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

	/**
	 * Content-Security-Policy of browser-paths responses.
	 */
	private String browserContentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'self'; "
			+ "frame-ancestors 'none'; form-action 'self'";

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
	 * Header values by name, replacing the defaults; an empty value leaves the header out.
	 * Values must be printable ASCII.
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
