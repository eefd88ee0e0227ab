package dev.hardening.autoconfigure.requestid;

import java.util.ArrayList;
import java.util.List;

import dev.hardening.autoconfigure.EncodedHeader;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Request correlation settings.
 */
@ConfigurationProperties("hardening.request-id")
public class RequestIdProperties {

	/**
	 * Whether to give every request an ID, echo it on the response and put it in the logging MDC.
	 */
	private boolean enabled = true;

	/**
	 * Name of the header that carries the request ID, in requests and responses.
	 */
	private String header = "X-Request-ID";

	/**
	 * Whether to keep a safe incoming request ID (1 to 128 ASCII letters, digits and ._:-) instead
	 * of always making a new one. Turn off when clients, not a trusted gateway, reach the service.
	 */
	private boolean trustIncoming = true;

	/**
	 * Whether to send the current request ID on outbound calls made with clients built from Spring
	 * Boot's RestClient.Builder or RestTemplateBuilder.
	 */
	private boolean propagate = true;

	/**
	 * Hosts the request ID is sent to, such as "api.internal.example.com" or "*.internal.example.com"
	 * for every subdomain, case-insensitive. Empty: every host, third parties included.
	 */
	private List<String> propagateToHosts = new ArrayList<>();

	/**
	 * Whether to put the request ID on every log line of Spring Boot's default console and file
	 * patterns, by giving logging.pattern.correlation a default when the application does not set
	 * it (Logback only).
	 */
	private boolean logCorrelation = true;

	/**
	 * Which ID the response carries: "request-id", the request ID in the request ID header;
	 * "trace-id", the W3C traceresponse header of the request's span (00-trace-id-span-id-flags)
	 * in its place, or the request ID header when the request has no span (tracing off); or
	 * "both". Either way both IDs are kept: in the logs, in problem bodies and on outbound calls.
	 */
	private Echo echo = Echo.REQUEST_ID;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getHeader() {
		return this.header;
	}

	public void setHeader(String header) {
		if (!EncodedHeader.isToken(header)) {
			throw new InvalidConfigurationPropertyValueException("hardening.request-id.header", header,
					"It must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~), for example X-Request-ID.");
		}
		this.header = header;
	}

	public boolean isTrustIncoming() {
		return this.trustIncoming;
	}

	public void setTrustIncoming(boolean trustIncoming) {
		this.trustIncoming = trustIncoming;
	}

	public boolean isPropagate() {
		return this.propagate;
	}

	public void setPropagate(boolean propagate) {
		this.propagate = propagate;
	}

	public boolean isLogCorrelation() {
		return this.logCorrelation;
	}

	public void setLogCorrelation(boolean logCorrelation) {
		this.logCorrelation = logCorrelation;
	}

	public Echo getEcho() {
		return this.echo;
	}

	public void setEcho(Echo echo) {
		this.echo = echo;
	}

	public List<String> getPropagateToHosts() {
		return this.propagateToHosts;
	}

	public void setPropagateToHosts(List<String> propagateToHosts) {
		for (String host : propagateToHosts) {
			String name = host.startsWith("*.") ? host.substring(2) : host;
			if (name.isEmpty() || !name.chars().allMatch(RequestIdProperties::isHostChar)) {
				throw new InvalidConfigurationPropertyValueException("hardening.request-id.propagate-to-hosts", host,
						"It must be a host name, or *. and a domain, for example api.example.com or *.internal.example.com.");
			}
		}
		this.propagateToHosts = propagateToHosts;
	}

	private static boolean isHostChar(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
				|| c == ':' || c == '[' || c == ']';
	}


	/**
	 * Which ID a response carries.
	 */
	public enum Echo {

		/** The request ID, in the request ID header. */
		REQUEST_ID,

		/** The trace context of the request's span, in the traceresponse header, when it has one. */
		TRACE_ID,

		/** Both. */
		BOTH;

		/**
		 * Whether the response carries the request ID.
		 * @param hasTrace whether the request has a span
		 * @return whether to set the request ID header
		 */
		public boolean requestId(boolean hasTrace) {
			return this != TRACE_ID || !hasTrace;
		}

		/**
		 * Whether the response carries the traceresponse header, when the request has a span.
		 * @return whether to set it
		 */
		public boolean traceId() {
			return this != REQUEST_ID;
		}

	}

}
