package dev.hardening.autoconfigure.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The header sets of the two profiles, from properties: {@code api} for JSON, {@code browser}
 * for HTML pages, after the OWASP Secure Headers Project and REST Security Cheat Sheet.
 * {@code X-XSS-Protection} is not sent, as OWASP advises. Overrides replace a default or, empty,
 * remove it; a value that is not printable ASCII fails at startup.
 */
record SecurityHeaders(Map<String, String> api, Map<String, String> browser, String hsts) {

	static SecurityHeaders of(SecurityHeadersProperties properties) {
		Map<String, String> common = new LinkedHashMap<>();
		common.put("X-Content-Type-Options", "nosniff");
		common.put("X-Frame-Options", "DENY");
		common.put("Referrer-Policy", "no-referrer");
		common.put("Cross-Origin-Opener-Policy", "same-origin");
		common.put("Cross-Origin-Resource-Policy", "same-origin");
		common.put("Permissions-Policy", properties.getPermissionsPolicy());
		common.put("X-Permitted-Cross-Domain-Policies", "none");
		Map<String, String> api = new LinkedHashMap<>(common);
		api.put("Content-Security-Policy", properties.getApiContentSecurityPolicy());
		Map<String, String> browser = new LinkedHashMap<>(common);
		browser.put("Content-Security-Policy", properties.getBrowserContentSecurityPolicy());
		properties.getOverrides().forEach((name, value) -> {
			String property = "hardening.web.headers.overrides." + name;
			check(property, name, value);
			if (name.equalsIgnoreCase("Strict-Transport-Security")) {
				throw new InvalidConfigurationPropertyValueException(property, value,
						"Set HSTS with hardening.web.headers.hsts-* instead, so it is sent only over HTTPS.");
			}
			for (Map<String, String> profile : new Map[] { api, browser }) {
				profile.keySet().removeIf((existing) -> existing.equalsIgnoreCase(name));
				if (!value.isEmpty()) {
					profile.put(name, value);
				}
			}
		});
		check("hardening.web.headers.api-content-security-policy", "Content-Security-Policy",
				properties.getApiContentSecurityPolicy());
		check("hardening.web.headers.browser-content-security-policy", "Content-Security-Policy",
				properties.getBrowserContentSecurityPolicy());
		check("hardening.web.headers.permissions-policy", "Permissions-Policy", properties.getPermissionsPolicy());
		return new SecurityHeaders(Map.copyOf(api), Map.copyOf(browser), hsts(properties));
	}

	private static String hsts(SecurityHeadersProperties properties) {
		long seconds = properties.getHstsMaxAge().getSeconds();
		if (seconds < 0) {
			throw new InvalidConfigurationPropertyValueException("hardening.web.headers.hsts-max-age",
					properties.getHstsMaxAge(), "It must not be negative; zero turns HSTS off.");
		}
		if (seconds == 0) {
			return "";
		}
		return "max-age=" + seconds + (properties.isHstsIncludeSubdomains() ? "; includeSubDomains" : "")
				+ (properties.isHstsPreload() ? "; preload" : "");
	}

	private static void check(String property, String name, String value) {
		if (name.isEmpty() || !name.chars().allMatch(SecurityHeaders::isTokenChar)) {
			throw new InvalidConfigurationPropertyValueException(property, name, "It must be a header name.");
		}
		if (!value.chars().allMatch((c) -> c >= 0x20 && c < 0x7f)) {
			throw new InvalidConfigurationPropertyValueException(property, value.replaceAll("[^\\x20-\\x7e]", "?"),
					"A header value must be printable ASCII, without CR or LF.");
		}
		if (name.toLowerCase(Locale.ROOT).equals("server") || name.toLowerCase(Locale.ROOT).equals("x-powered-by")) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"Server and X-Powered-By are never sent.");
		}
	}

	private static boolean isTokenChar(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
	}

}
