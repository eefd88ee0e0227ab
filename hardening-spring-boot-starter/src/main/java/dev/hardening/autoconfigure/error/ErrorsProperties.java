package dev.hardening.autoconfigure.error;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Structured error settings.
 */
@ConfigurationProperties("hardening.errors")
public class ErrorsProperties {

	/**
	 * Whether to answer every error with an RFC 9457 problem (application/problem+json) carrying a
	 * stable code and the request ID.
	 */
	private boolean enabled = true;

	/**
	 * Absolute base URI of problem types. When set, a problem's type is this URI followed by its
	 * code in lower-kebab-case (https://errors.example.com/validation-failed) and its title is the
	 * code's title. When unset, the type is about:blank and the title is the HTTP status phrase.
	 */
	private @Nullable URI typeBaseUri;

	/**
	 * Whether to show the exception in the detail of 500 problems. For development only: exception
	 * messages can reveal internals.
	 */
	private boolean exposeExceptionMessages = false;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable URI getTypeBaseUri() {
		return this.typeBaseUri;
	}

	public void setTypeBaseUri(@Nullable URI typeBaseUri) {
		if (typeBaseUri != null && (!typeBaseUri.isAbsolute() || typeBaseUri.isOpaque())) {
			throw new InvalidConfigurationPropertyValueException("hardening.errors.type-base-uri", typeBaseUri,
					"It must be an absolute URI such as https://errors.example.com/.");
		}
		this.typeBaseUri = typeBaseUri;
	}

	public boolean isExposeExceptionMessages() {
		return this.exposeExceptionMessages;
	}

	public void setExposeExceptionMessages(boolean exposeExceptionMessages) {
		this.exposeExceptionMessages = exposeExceptionMessages;
	}

}
