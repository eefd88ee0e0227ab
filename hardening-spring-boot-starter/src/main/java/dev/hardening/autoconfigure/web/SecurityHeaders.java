package dev.hardening.autoconfigure.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hardening.autoconfigure.EncodedHeader;
import dev.hardening.autoconfigure.EncodedHeaderName;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The header sets of the profiles, computed once from properties, after the OWASP Secure Headers
 * Project and REST Security Cheat Sheet: {@code api} for JSON, problems and XML, {@code browser}
 * for pages and everything else a browser loads, and {@code bodiless}, the headers both share,
 * for a response that commits with neither a Content-Type nor a body ({@code 304}, {@code 204},
 * a redirect, an error whose page is yet to come), so that it never contradicts the response a
 * cache stored. {@code X-XSS-Protection} is not sent, as OWASP advises. Overrides replace a
 * default in every profile or, empty, remove it; a value that is not printable ASCII fails at
 * startup.
 */
final class SecurityHeaders {

	static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";

	static final String FRAME_OPTIONS = "X-Frame-Options";

	private static final EncodedHeaderName FRAME_OPTIONS_NAME = EncodedHeaderName.of(FRAME_OPTIONS);

	private final Profile api;

	private final Profile browser;

	private final Profile bodiless;

	private final @Nullable EncodedHeader hsts;

	private SecurityHeaders(Profile api, Profile browser, Profile bodiless, @Nullable EncodedHeader hsts) {
		this.api = api;
		this.browser = browser;
		this.bodiless = bodiless;
		this.hsts = hsts;
	}

	static SecurityHeaders of(SecurityHeadersProperties properties) {
		check("hardening.web.headers.api-content-security-policy", CONTENT_SECURITY_POLICY,
				properties.getApiContentSecurityPolicy());
		check("hardening.web.headers.browser-content-security-policy", CONTENT_SECURITY_POLICY,
				properties.getBrowserContentSecurityPolicy());
		check("hardening.web.headers.permissions-policy", "Permissions-Policy", properties.getPermissionsPolicy());
		Map<String, String> common = new LinkedHashMap<>();
		common.put("X-Content-Type-Options", "nosniff");
		common.put(FRAME_OPTIONS, "DENY");
		common.put("Cross-Origin-Opener-Policy", "same-origin");
		common.put("Permissions-Policy", properties.getPermissionsPolicy());
		common.put("X-Permitted-Cross-Domain-Policies", "none");
		Map<String, String> api = new LinkedHashMap<>(common);
		api.put("Referrer-Policy", "no-referrer");
		api.put("Cross-Origin-Resource-Policy", "same-origin");
		api.put(CONTENT_SECURITY_POLICY, properties.getApiContentSecurityPolicy());
		Map<String, String> browser = new LinkedHashMap<>(common);
		// no-referrer would make a browser send "Origin: null" with its pages' own form posts
		browser.put("Referrer-Policy", "strict-origin-when-cross-origin");
		// no Cross-Origin-Resource-Policy: images, styles and scripts stay embeddable as before
		browser.put(CONTENT_SECURITY_POLICY, properties.getBrowserContentSecurityPolicy());
		properties.getOverrides().forEach((name, value) -> {
			String property = "hardening.web.headers.overrides." + name;
			check(property, name, value);
			if (name.equalsIgnoreCase("Strict-Transport-Security")) {
				throw new InvalidConfigurationPropertyValueException(property, value,
						"Set HSTS with hardening.web.headers.hsts-* instead, so it is sent only over HTTPS.");
			}
			for (Map<String, String> profile : List.of(api, browser)) {
				profile.keySet().removeIf((existing) -> existing.equalsIgnoreCase(name));
				if (!value.isEmpty()) {
					profile.put(name, value);
				}
			}
		});
		Map<String, String> shared = new LinkedHashMap<>();
		api.forEach((name, value) -> {
			if (value.equals(browser.get(name))) {
				shared.put(name, value);
			}
		});
		String hsts = hsts(properties);
		return new SecurityHeaders(Profile.of(api), Profile.of(browser), Profile.of(shared),
				hsts.isEmpty() ? null : EncodedHeader.of("Strict-Transport-Security", hsts));
	}

	Profile api() {
		return this.api;
	}

	Profile browser() {
		return this.browser;
	}

	Profile bodiless() {
		return this.bodiless;
	}

	/**
	 * The Strict-Transport-Security header.
	 * @return the header, {@code null} when HSTS is off
	 */
	@Nullable EncodedHeader hsts() {
		return this.hsts;
	}

	/**
	 * Tells whether a Content-Type names data for programs rather than something a browser shows
	 * or loads into a page: JSON ({@code application/json}, {@code text/json}, any
	 * {@code application/*+json} but a web manifest, {@code application/x-ndjson}), XML
	 * ({@code application/xml}, {@code text/xml}, any {@code application/*+xml} but XHTML), plain
	 * text (what a controller returning a {@code String} answers) and event streams. A value that
	 * is not a media type counts as data, the stricter profile. Allocates nothing.
	 * @param contentType the Content-Type, parameters and all
	 * @return {@code true} for API data
	 */
	static boolean isApiData(String contentType) {
		int length = contentType.length();
		int start = 0;
		while (start < length && isSpace(contentType.charAt(start))) {
			start++;
		}
		int end = contentType.indexOf(';', start);
		if (end < 0) {
			end = length;
		}
		while (end > start && isSpace(contentType.charAt(end - 1))) {
			end--;
		}
		int slash = contentType.indexOf('/', start);
		if (slash <= start || slash >= end - 1) {
			return true;
		}
		int subtype = slash + 1;
		if (is(contentType, start, slash, "text")) {
			return is(contentType, subtype, end, "json") || is(contentType, subtype, end, "xml")
					|| is(contentType, subtype, end, "plain") || is(contentType, subtype, end, "event-stream");
		}
		if (!is(contentType, start, slash, "application")) {
			return false;
		}
		if (is(contentType, subtype, end, "json") || is(contentType, subtype, end, "xml")
				|| is(contentType, subtype, end, "x-ndjson")) {
			return true;
		}
		if (endsWith(contentType, subtype, end, "+json")) {
			return !is(contentType, subtype, end, "manifest+json");
		}
		if (endsWith(contentType, subtype, end, "+xml")) {
			return !is(contentType, subtype, end, "xhtml+xml");
		}
		return false;
	}

	private static boolean is(String text, int start, int end, String expected) {
		return end - start == expected.length() && text.regionMatches(true, start, expected, 0, expected.length());
	}

	private static boolean endsWith(String text, int start, int end, String suffix) {
		return end - start > suffix.length()
				&& text.regionMatches(true, end - suffix.length(), suffix, 0, suffix.length());
	}

	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t';
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
		if (!EncodedHeader.isToken(name)) {
			throw new InvalidConfigurationPropertyValueException(property, name, "It must be a header name.");
		}
		if (!EncodedHeader.isPrintableAscii(value)) {
			throw new InvalidConfigurationPropertyValueException(property, value.replaceAll("[^\\x20-\\x7e]", "?"),
					"A header value must be printable ASCII, without CR or LF.");
		}
		if (name.toLowerCase(Locale.ROOT).equals("server") || name.toLowerCase(Locale.ROOT).equals("x-powered-by")) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"Server and X-Powered-By are never sent.");
		}
	}

	/**
	 * One profile's headers, with its Content-Security-Policy in the variants an application's
	 * own X-Frame-Options calls for, all built at startup.
	 */
	static final class Profile {

		private final EncodedHeader[] headers;

		private final @Nullable EncodedHeader frameOptions;

		private final @Nullable EncodedHeader policy;

		private final @Nullable EncodedHeader policySameOrigin;

		private final @Nullable EncodedHeader policyDeny;

		private final @Nullable EncodedHeader policyElse;

		/** Every header of the profile, for a response without an X-Frame-Options of its own. */
		private final EncodedHeader[] withoutApplicationFrameOptions;

		private Profile(Map<String, String> headers) {
			List<EncodedHeader> others = new ArrayList<>();
			String frameOptions = null;
			String policy = null;
			for (Map.Entry<String, String> header : headers.entrySet()) {
				if (header.getKey().equalsIgnoreCase(FRAME_OPTIONS)) {
					frameOptions = header.getValue();
				}
				else if (header.getKey().equalsIgnoreCase(CONTENT_SECURITY_POLICY)) {
					policy = header.getValue();
				}
				else {
					others.add(EncodedHeader.of(header.getKey(), header.getValue()));
				}
			}
			this.headers = others.toArray(new EncodedHeader[0]);
			this.frameOptions = encoded(FRAME_OPTIONS, frameOptions);
			this.policySameOrigin = encoded(CONTENT_SECURITY_POLICY, withFrameAncestors(policy, "'self'"));
			this.policyDeny = encoded(CONTENT_SECURITY_POLICY, withFrameAncestors(policy, "'none'"));
			this.policyElse = encoded(CONTENT_SECURITY_POLICY, withFrameAncestors(policy, null));
			// beside our own X-Frame-Options, the variant it calls for, as one of the application's
			// would: a configured SAMEORIGIN must not go out with the default frame-ancestors 'none',
			// and an error answer, whose page finds the X-Frame-Options added before it, says the same
			this.policy = (frameOptions != null) ? variantFor(frameOptions) : encoded(CONTENT_SECURITY_POLICY, policy);
			List<EncodedHeader> all = new ArrayList<>(others);
			if (this.frameOptions != null) {
				all.add(this.frameOptions);
			}
			if (this.policy != null) {
				all.add(this.policy);
			}
			this.withoutApplicationFrameOptions = all.toArray(new EncodedHeader[0]);
		}

		private static @Nullable EncodedHeader encoded(String name, @Nullable String value) {
			return (value != null) ? EncodedHeader.of(name, value) : null;
		}

		static Profile of(Map<String, String> headers) {
			return new Profile(headers);
		}

		/**
		 * Adds each header of the profile the response lacks; the Content-Security-Policy's
		 * {@code frame-ancestors} says what an X-Frame-Options the application set says, and
		 * then no X-Frame-Options of ours is added. Each header is looked up once: one the
		 * response lacks is added, which for an absent header is what setting it does, without
		 * the container looking for it again to replace it (Tomcat's {@code setHeader} walks the
		 * headers for the name once more, {@code addHeader} appends).
		 * @param response the response, not yet committed
		 */
		void addMissing(HttpServletResponse response) {
			// on Tomcat, the usual case (no X-Frame-Options of the application's) in one look
			if (EncodedHeader.addMissing(response, this.withoutApplicationFrameOptions, FRAME_OPTIONS_NAME)) {
				return;
			}
			for (EncodedHeader header : this.headers) {
				if (!response.containsHeader(header.name())) {
					header.addTo(response);
				}
			}
			String applicationFrameOptions = response.getHeader(FRAME_OPTIONS);
			if (applicationFrameOptions == null && this.frameOptions != null) {
				this.frameOptions.addTo(response);
			}
			EncodedHeader policy = policyHeaderFor(applicationFrameOptions);
			if (policy != null && !response.containsHeader(CONTENT_SECURITY_POLICY)) {
				policy.addTo(response);
			}
		}

		/**
		 * The Content-Security-Policy to add next to an X-Frame-Options the application set.
		 * @param applicationFrameOptions its value, {@code null} if it set none
		 * @return the policy, {@code null} for none
		 */
		@Nullable String policyFor(@Nullable String applicationFrameOptions) {
			EncodedHeader policy = policyHeaderFor(applicationFrameOptions);
			return (policy != null) ? policy.value() : null;
		}

		private @Nullable EncodedHeader policyHeaderFor(@Nullable String applicationFrameOptions) {
			return (applicationFrameOptions != null) ? variantFor(applicationFrameOptions) : this.policy;
		}

		/** The policy's variant for an X-Frame-Options value. */
		private @Nullable EncodedHeader variantFor(String frameOptions) {
			if (isToken(frameOptions, "SAMEORIGIN")) {
				return this.policySameOrigin;
			}
			if (isToken(frameOptions, "DENY")) {
				return this.policyDeny;
			}
			return this.policyElse;
		}

		/**
		 * The header names this profile adds, its X-Frame-Options and Content-Security-Policy
		 * included.
		 * @return the names
		 */
		List<String> names() {
			List<String> names = new ArrayList<>();
			for (EncodedHeader header : this.headers) {
				names.add(header.name());
			}
			if (this.frameOptions != null) {
				names.add(FRAME_OPTIONS);
			}
			if (this.policy != null) {
				names.add(CONTENT_SECURITY_POLICY);
			}
			return names;
		}

		/**
		 * The value of a header of this profile, when the application set no X-Frame-Options.
		 * @param name the header name
		 * @return its value, {@code null} if the profile has no such header
		 */
		@Nullable String value(String name) {
			if (name.equalsIgnoreCase(FRAME_OPTIONS)) {
				return (this.frameOptions != null) ? this.frameOptions.value() : null;
			}
			if (name.equalsIgnoreCase(CONTENT_SECURITY_POLICY)) {
				return (this.policy != null) ? this.policy.value() : null;
			}
			for (EncodedHeader header : this.headers) {
				if (header.name().equalsIgnoreCase(name)) {
					return header.value();
				}
			}
			return null;
		}

		private static boolean isToken(String value, String token) {
			int start = 0;
			int end = value.length();
			while (start < end && isSpace(value.charAt(start))) {
				start++;
			}
			while (end > start && isSpace(value.charAt(end - 1))) {
				end--;
			}
			return is(value, start, end, token);
		}

		/**
		 * The policy with its {@code frame-ancestors} directive made to say what an
		 * X-Frame-Options says, if it says only {@code 'none'} or {@code 'self'}, which
		 * X-Frame-Options can say too. A list of sources is kept: it says more than
		 * X-Frame-Options can. A policy without the directive is kept: browsers then follow
		 * X-Frame-Options.
		 * @param policy the policy
		 * @param frameAncestors the sources, {@code null} to drop the directive
		 * @return the policy, {@code null} if nothing is left
		 */
		static @Nullable String withFrameAncestors(@Nullable String policy, @Nullable String frameAncestors) {
			if (policy == null) {
				return null;
			}
			List<String> directives = new ArrayList<>();
			int frame = -1;
			for (String directive : policy.split(";")) {
				String trimmed = directive.trim();
				if (trimmed.isEmpty()) {
					continue;
				}
				String[] tokens = trimmed.split("[ \t]+");
				if (tokens[0].equalsIgnoreCase("frame-ancestors") && frame < 0) {
					if (tokens.length != 2
							|| !(tokens[1].equalsIgnoreCase("'none'") || tokens[1].equalsIgnoreCase("'self'"))) {
						return policy;
					}
					if (frameAncestors != null && tokens[1].equalsIgnoreCase(frameAncestors)) {
						return policy;
					}
					frame = directives.size();
				}
				directives.add(trimmed);
			}
			if (frame < 0) {
				return policy;
			}
			if (frameAncestors == null) {
				directives.remove(frame);
			}
			else {
				directives.set(frame, "frame-ancestors " + frameAncestors);
			}
			return directives.isEmpty() ? null : String.join("; ", directives);
		}

	}

}
