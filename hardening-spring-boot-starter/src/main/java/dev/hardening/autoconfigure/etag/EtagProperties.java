package dev.hardening.autoconfigure.etag;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Conditional request and HTTP caching settings.
 */
@ConfigurationProperties("hardening.etag")
public class EtagProperties {

	/**
	 * Whether to add shallow ETags, answer If-None-Match with 304, apply Cache-Control rules and
	 * require If-Match where configured.
	 */
	private boolean enabled = true;

	/**
	 * Path patterns whose GET and HEAD responses get a shallow ETag.
	 */
	private List<String> paths = new ArrayList<>(List.of("/**"));

	/**
	 * Path patterns that never get a shallow ETag.
	 */
	private List<String> excludePaths = new ArrayList<>(List.of("/actuator/**"));

	/**
	 * Whether shallow ETags are weak (W/"..."). Weak tags stay correct when the server compresses
	 * responses, as one tag then stands for both the gzip and the identity bytes.
	 */
	private boolean weak = true;

	/**
	 * Largest body held in memory to compute a shallow ETag. A larger body streams through
	 * unchanged, without an ETag.
	 */
	private DataSize maxBufferSize = DataSize.ofMegabytes(1);

	/**
	 * Path patterns where PUT, PATCH and DELETE must carry If-Match; without it they get a 428
	 * problem PRECONDITION_REQUIRED.
	 */
	private List<String> requireIfMatch = new ArrayList<>();

	/**
	 * Cache-Control values by path pattern, for GET and HEAD responses that do not set their own.
	 * The first rule whose paths match applies.
	 */
	private List<CacheControlRule> cacheControl = new ArrayList<>();

	/**
	 * Cache-Control of error responses (status 400 and above) that, when they commit, have no
	 * Cache-Control, Expires or Pragma of their own (Spring Security's are kept). Replaces a
	 * cache-control rule's value. Empty: none is added.
	 */
	private String errorCacheControl = "no-store";

	/**
	 * Whether to turn on Spring Boot's response compression (server.compression.*) with API
	 * defaults (1KB minimum, JSON and problem+json included), unless the application configures
	 * compression itself.
	 */
	private boolean compressionDefaults = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getPaths() {
		return this.paths;
	}

	public void setPaths(List<String> paths) {
		this.paths = paths;
	}

	public List<String> getExcludePaths() {
		return this.excludePaths;
	}

	public void setExcludePaths(List<String> excludePaths) {
		this.excludePaths = excludePaths;
	}

	public boolean isWeak() {
		return this.weak;
	}

	public void setWeak(boolean weak) {
		this.weak = weak;
	}

	public DataSize getMaxBufferSize() {
		return this.maxBufferSize;
	}

	public void setMaxBufferSize(DataSize maxBufferSize) {
		this.maxBufferSize = maxBufferSize;
	}

	public List<String> getRequireIfMatch() {
		return this.requireIfMatch;
	}

	public void setRequireIfMatch(List<String> requireIfMatch) {
		this.requireIfMatch = requireIfMatch;
	}

	public List<CacheControlRule> getCacheControl() {
		return this.cacheControl;
	}

	public void setCacheControl(List<CacheControlRule> cacheControl) {
		this.cacheControl = cacheControl;
	}

	public String getErrorCacheControl() {
		return this.errorCacheControl;
	}

	public void setErrorCacheControl(String errorCacheControl) {
		this.errorCacheControl = errorCacheControl;
	}

	public boolean isCompressionDefaults() {
		return this.compressionDefaults;
	}

	public void setCompressionDefaults(boolean compressionDefaults) {
		this.compressionDefaults = compressionDefaults;
	}

	/**
	 * A Cache-Control value for some paths.
	 */
	public static class CacheControlRule {

		/**
		 * Path patterns the rule applies to, such as /api/reference/**.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * The Cache-Control value, such as "private, max-age=300".
		 */
		private @Nullable String value;

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public @Nullable String getValue() {
			return this.value;
		}

		public void setValue(@Nullable String value) {
			this.value = value;
		}

	}

}
