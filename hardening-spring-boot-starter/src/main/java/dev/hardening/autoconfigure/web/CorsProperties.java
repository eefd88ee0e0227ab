package dev.hardening.autoconfigure.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cross-origin resource sharing, mapped onto Spring's CorsConfiguration.
 */
public class CorsProperties {

	/**
	 * Whether to answer cross-origin requests per the mappings. With none, cross-origin
	 * requests are left to the application.
	 */
	private boolean enabled = true;

	/**
	 * CORS rules by path pattern; the first whose paths match applies.
	 */
	private List<CorsMapping> mappings = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<CorsMapping> getMappings() {
		return this.mappings;
	}

	public void setMappings(List<CorsMapping> mappings) {
		this.mappings = mappings;
	}

	/**
	 * One CORS rule.
	 */
	public static class CorsMapping {

		/**
		 * Path patterns the rule applies to.
		 */
		private List<String> paths = new ArrayList<>(List.of("/**"));

		/**
		 * Origins allowed, each a scheme, host and optional port, such as https://app.example.com.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Origin patterns allowed, such as https://*.example.com.
		 */
		private List<String> allowedOriginPatterns = new ArrayList<>();

		/**
		 * Methods allowed.
		 */
		private List<String> allowedMethods = new ArrayList<>(List.of("GET", "HEAD", "POST", "PUT", "PATCH",
				"DELETE"));

		/**
		 * Request headers allowed; * for any.
		 */
		private List<String> allowedHeaders = new ArrayList<>(List.of("*"));

		/**
		 * Response headers a browser lets scripts read.
		 */
		private List<String> exposedHeaders = new ArrayList<>(List.of("X-Request-ID", "RateLimit",
				"RateLimit-Policy", "Retry-After", "ETag", "Link", "Location", "X-Total-Count"));

		/**
		 * Whether requests may carry credentials (cookies, Authorization). Then origins must be
		 * listed; * is refused at startup.
		 */
		private boolean allowCredentials;

		/**
		 * How long browsers may cache a preflight answer.
		 */
		private Duration maxAge = Duration.ofMinutes(30);

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAllowedOriginPatterns() {
			return this.allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public List<String> getAllowedMethods() {
			return this.allowedMethods;
		}

		public void setAllowedMethods(List<String> allowedMethods) {
			this.allowedMethods = allowedMethods;
		}

		public List<String> getAllowedHeaders() {
			return this.allowedHeaders;
		}

		public void setAllowedHeaders(List<String> allowedHeaders) {
			this.allowedHeaders = allowedHeaders;
		}

		public List<String> getExposedHeaders() {
			return this.exposedHeaders;
		}

		public void setExposedHeaders(List<String> exposedHeaders) {
			this.exposedHeaders = exposedHeaders;
		}

		public boolean isAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

}
