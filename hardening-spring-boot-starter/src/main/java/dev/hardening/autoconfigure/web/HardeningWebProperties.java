package dev.hardening.autoconfigure.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hardening.web.ForwardedHeader;
import dev.hardening.web.TrustedProxies;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

/**
 * Web hardening settings: the client address behind proxies, allowed hosts, security headers
 * ({@link SecurityHeadersProperties}), CORS ({@link CorsProperties}), request limits, problem
 * answers for the container's own rejections, and the access log.
 */
@ConfigurationProperties("hardening.web")
public class HardeningWebProperties {

	/**
	 * Whether to apply web hardening. Each part can also be turned off on its own.
	 */
	private boolean enabled = true;

	/**
	 * Addresses and CIDR ranges (IPv4 and IPv6) of the proxies whose forwarding headers are
	 * believed. The client address is the right-most forwarded address that is not a trusted
	 * proxy, read up to the first malformed one. Empty: no proxy is trusted and the client address
	 * is the peer address.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * Header the trusted proxies write the client address in: x-forwarded-for (with
	 * X-Forwarded-Proto and X-Forwarded-Host) or forwarded (RFC 7239, with proto= and host=).
	 * The other header is never read.
	 */
	private ForwardedHeader forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;

	/**
	 * Whether the trusted proxies set the host the client asked for (X-Forwarded-Host, or host=
	 * in Forwarded) on every request, so that it replaces the Host header in the host check.
	 * Leave it off unless they overwrite any value the client sent.
	 */
	private boolean forwardedHost;

	/**
	 * Host names the service answers to: exact names, *.example.com wildcards (not matching
	 * example.com itself), IPv4 and bracketed IPv6 literals. Other hosts get a 400 problem
	 * INVALID_HOST. Empty: every host is accepted.
	 */
	private List<String> allowedHosts = new ArrayList<>();

	/**
	 * Checking the Host header against allowed-hosts.
	 */
	private final HostCheck hostCheck = new HostCheck();

	/**
	 * Security headers.
	 */
	@NestedConfigurationProperty
	private final SecurityHeadersProperties headers = new SecurityHeadersProperties();

	/**
	 * Cross-origin resource sharing.
	 */
	@NestedConfigurationProperty
	private final CorsProperties cors = new CorsProperties();

	/**
	 * Request size and shape limits.
	 */
	private final Limits limits = new Limits();

	/**
	 * Problem answers for the requests the servlet container rejects itself.
	 */
	private final ContainerErrors containerErrors = new ContainerErrors();

	/**
	 * The structured access log.
	 */
	private final AccessLog accessLog = new AccessLog();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		for (int i = 0; i < trustedProxies.size(); i++) {
			try {
				TrustedProxies.of(List.of(trustedProxies.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException("hardening.web.trusted-proxies[" + i + "]",
						trustedProxies.get(i), "It must be an IP address or CIDR range, such as 10.0.0.0/8 or fd00::/8.");
			}
		}
		this.trustedProxies = trustedProxies;
	}

	public ForwardedHeader getForwardedHeader() {
		return this.forwardedHeader;
	}

	public void setForwardedHeader(ForwardedHeader forwardedHeader) {
		this.forwardedHeader = forwardedHeader;
	}

	public boolean isForwardedHost() {
		return this.forwardedHost;
	}

	public void setForwardedHost(boolean forwardedHost) {
		this.forwardedHost = forwardedHost;
	}

	public List<String> getAllowedHosts() {
		return this.allowedHosts;
	}

	public void setAllowedHosts(List<String> allowedHosts) {
		this.allowedHosts = allowedHosts;
	}

	public HostCheck getHostCheck() {
		return this.hostCheck;
	}

	public SecurityHeadersProperties getHeaders() {
		return this.headers;
	}

	public CorsProperties getCors() {
		return this.cors;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public ContainerErrors getContainerErrors() {
		return this.containerErrors;
	}

	public AccessLog getAccessLog() {
		return this.accessLog;
	}

	/**
	 * Checking the Host header.
	 */
	public static class HostCheck {

		/**
		 * Whether to refuse requests for hosts not in allowed-hosts.
		 */
		private boolean enabled = true;

		/**
		 * Path patterns not checked, such as probes that call the pod's IP address.
		 */
		private List<String> excludePaths = new ArrayList<>(List.of("/actuator/health/**"));

		/**
		 * Whether to answer 421 Misdirected Request (RFC 9110 §15.5.20) instead of 400.
		 */
		private boolean misdirected;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getExcludePaths() {
			return this.excludePaths;
		}

		public void setExcludePaths(List<String> excludePaths) {
			this.excludePaths = excludePaths;
		}

		public boolean isMisdirected() {
			return this.misdirected;
		}

		public void setMisdirected(boolean misdirected) {
			this.misdirected = misdirected;
		}

	}

	/**
	 * Request limits.
	 */
	public static class Limits {

		/**
		 * Whether to limit request bodies and JSON shape, and set the container's header and
		 * parameter limits from these properties.
		 */
		private boolean enabled = true;

		/**
		 * Largest request body, enforced as it is read, for every framing (chunked too) and read
		 * API (form parameters and multipart parts too): above it, a 413 problem
		 * PAYLOAD_TOO_LARGE.
		 */
		private DataSize maxBodySize = DataSize.ofMegabytes(1);

		/**
		 * Other body limits by path pattern, such as an upload endpoint; the first match applies,
		 * to forms and multipart parts too.
		 */
		private List<BodySizeOverride> bodySizeOverrides = new ArrayList<>();

		/**
		 * Largest request line and header section the container reads; above it, a 431 problem
		 * HEADERS_TOO_LARGE.
		 */
		private DataSize maxHeaderSize = DataSize.ofKilobytes(8);

		/**
		 * Most query and form parameters the container parses; above it, a 400 problem
		 * TOO_MANY_PARAMETERS.
		 */
		private int maxParameters = 1000;

		/**
		 * Whether to give Jackson API-sized read limits (spring.jackson.factory.constraints.read.*:
		 * nesting depth 64, strings of 1,000,000 characters, documents of the largest body limit) where
		 * the application set none. A body beyond them is a 400 problem BODY_TOO_COMPLEX.
		 */
		private boolean jsonConstraints = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public List<BodySizeOverride> getBodySizeOverrides() {
			return this.bodySizeOverrides;
		}

		public void setBodySizeOverrides(List<BodySizeOverride> bodySizeOverrides) {
			this.bodySizeOverrides = bodySizeOverrides;
		}

		public DataSize getMaxHeaderSize() {
			return this.maxHeaderSize;
		}

		public void setMaxHeaderSize(DataSize maxHeaderSize) {
			this.maxHeaderSize = maxHeaderSize;
		}

		public int getMaxParameters() {
			return this.maxParameters;
		}

		public void setMaxParameters(int maxParameters) {
			this.maxParameters = maxParameters;
		}

		public boolean isJsonConstraints() {
			return this.jsonConstraints;
		}

		public void setJsonConstraints(boolean jsonConstraints) {
			this.jsonConstraints = jsonConstraints;
		}

	}

	/**
	 * A body limit for some paths.
	 */
	public static class BodySizeOverride {

		/**
		 * Path patterns the limit applies to.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * Largest request body on those paths.
		 */
		private @Nullable DataSize maxSize;

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public @Nullable DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * The container's own rejections.
	 */
	public static class ContainerErrors {

		/**
		 * Whether requests the servlet container rejects before the application sees them
		 * (headers too large, a malformed request line) get a problem+json answer instead of
		 * its HTML page.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The structured access log, on the logger hardening.access.
	 */
	public static class AccessLog {

		/**
		 * Whether to log one event per request.
		 */
		private boolean enabled = true;

		/**
		 * Duration above which a request is logged at WARN.
		 */
		private Duration slowThreshold = Duration.ofSeconds(1);

		/**
		 * Share of fast, successful requests logged, from 0 to 1. Slow requests and errors are
		 * always logged.
		 */
		private double sampleRate = 1.0;

		/**
		 * Path patterns never logged, such as health probes.
		 */
		private List<String> excludePaths = new ArrayList<>(List.of("/actuator/health/**"));

		/**
		 * Request headers logged. Authorization, Cookie, Set-Cookie, Proxy-Authorization and
		 * X-API-Key are never logged, even if listed.
		 */
		private List<String> headers = new ArrayList<>(List.of("User-Agent", "Referer", "Content-Type"));

		/**
		 * Query parameters whose values are logged as [redacted], by name ignoring case and the
		 * separators _ - . and space (api_key, API-KEY and x-api-key match apiKey). A name
		 * containing one of these matches too (access_token); names of three letters or fewer
		 * (key, pin, ssn) only as whole words (user_pin, not shipping).
		 */
		private List<String> redactedParameters = new ArrayList<>(List.of("token", "password", "passwd", "pwd",
				"secret", "key", "apiKey", "accessKey", "privateKey", "credential", "authorization", "signature",
				"session", "code", "otp", "pin", "ssn", "cvv", "cvc"));

		/**
		 * Longest value logged for a header, path or query; longer ones are cut.
		 */
		private int maxValueLength = 256;

		/**
		 * Request and response bodies, off unless switched on.
		 */
		private final Bodies bodies = new Bodies();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getSlowThreshold() {
			return this.slowThreshold;
		}

		public void setSlowThreshold(Duration slowThreshold) {
			this.slowThreshold = slowThreshold;
		}

		public double getSampleRate() {
			return this.sampleRate;
		}

		public void setSampleRate(double sampleRate) {
			this.sampleRate = sampleRate;
		}

		public List<String> getExcludePaths() {
			return this.excludePaths;
		}

		public void setExcludePaths(List<String> excludePaths) {
			this.excludePaths = excludePaths;
		}

		public List<String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(List<String> headers) {
			this.headers = headers;
		}

		public List<String> getRedactedParameters() {
			return this.redactedParameters;
		}

		public void setRedactedParameters(List<String> redactedParameters) {
			this.redactedParameters = redactedParameters;
		}

		public int getMaxValueLength() {
			return this.maxValueLength;
		}

		public void setMaxValueLength(int maxValueLength) {
			this.maxValueLength = maxValueLength;
		}

		public Bodies getBodies() {
			return this.bodies;
		}

	}

	/**
	 * Request and response bodies in the access log: JSON only, bounded, redacted.
	 */
	public static class Bodies {

		/**
		 * Whether to log request and response bodies of the content-types, redacted.
		 */
		private boolean enabled;

		/**
		 * Most bytes of a body kept for the log, from 1B to 1MB; the body still reaches the
		 * application or the client whole. A larger body is logged as {"truncated":true,"size":N}.
		 */
		private DataSize maxSize = DataSize.ofKilobytes(4);

		/**
		 * Media types whose bodies are logged; application/*+json stands for every JSON suffix
		 * type. Bodies of other types are not logged.
		 */
		private List<MediaType> contentTypes = new ArrayList<>(
				List.of(MediaType.APPLICATION_JSON, MediaType.valueOf("application/*+json")));

		/**
		 * JSON members whose values are logged as "***". A name without dots matches a member at
		 * any depth whose name contains it (newPassword matches password), names of three letters
		 * or fewer (key, pin, ssn) only as whole words (privateKey, not monkey); a dotted path
		 * such as card.number matches from the root of the body, with * for any one member name.
		 * Array elements stand at their array's path. Names are compared ignoring case, '_' and
		 * '-'.
		 */
		private List<String> redact = new ArrayList<>(List.of("password", "passwd", "pwd", "secret", "token",
				"authorization", "key", "apiKey", "accessKey", "privateKey", "credential", "signature", "otp", "pin",
				"ssn", "creditCard", "cardNumber", "card.number", "cvv", "cvc", "iban"));

		/**
		 * Path patterns whose bodies are logged.
		 */
		private List<String> paths = new ArrayList<>(List.of("/**"));

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public List<MediaType> getContentTypes() {
			return this.contentTypes;
		}

		public void setContentTypes(List<MediaType> contentTypes) {
			this.contentTypes = contentTypes;
		}

		public List<String> getRedact() {
			return this.redact;
		}

		public void setRedact(List<String> redact) {
			this.redact = redact;
		}

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

	}

}
