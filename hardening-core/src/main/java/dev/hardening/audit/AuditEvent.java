package dev.hardening.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.hardening.web.LogValues;
import org.jspecify.annotations.Nullable;

/**
 * One audited action: when, what, to which resource, how it ended, by whom, from where.
 *
 * @param time when the action ended
 * @param action what was done, such as {@code project.update}
 * @param resourceType the kind of resource, such as {@code project}
 * @param resourceId the resource's id, {@code null} if it has none (yet)
 * @param outcome how it ended
 * @param failureCode the problem {@code code} of a failure, {@code null} on success
 * @param principal who did it, {@code null} if anonymous
 * @param clientAddress the client's address, as the trusted-proxy rules resolve it
 * @param userAgent the client's {@code User-Agent} as {@link #userAgentOf(String)} keeps it: without
 * control characters, so that a stored event cannot forge a log line
 * @param requestId the request's ID
 * @param traceId the request's trace ID, when the application has tracing
 * @param details further values, already redacted by the caller; kept sorted by name
 */
public record AuditEvent(Instant time, String action, String resourceType, @Nullable String resourceId,
		Outcome outcome, @Nullable String failureCode, @Nullable String principal, @Nullable String clientAddress,
		@Nullable String userAgent, @Nullable String requestId, @Nullable String traceId, Map<String, String> details) {

	/** The longest user agent kept; the rest is cut. */
	public static final int MAX_USER_AGENT = 256;

	/**
	 * The most characters of a resource id or a principal's name as {@link #idOf(String)} keeps it:
	 * what the jdbc sink's columns hold.
	 */
	public static final int MAX_ID = 500;

	/** How an action ended. */
	public enum Outcome {

		/** It did what was asked. */
		SUCCESS("success"),

		/** It failed; the event names the problem code. */
		FAILURE("failure");

		private final String label;

		Outcome(String label) {
			this.label = label;
		}

		/**
		 * Returns the outcome as sinks and endpoints write it.
		 * @return {@code success} or {@code failure}
		 */
		public String label() {
			return this.label;
		}

	}

	public AuditEvent {
		Objects.requireNonNull(time, "time");
		requireText(action, "action");
		requireText(resourceType, "resourceType");
		Objects.requireNonNull(outcome, "outcome");
		if (outcome == Outcome.SUCCESS && failureCode != null) {
			throw new IllegalArgumentException("A successful event has no failure code");
		}
		if (userAgent != null && (userAgent.length() > 6 * MAX_USER_AGENT
				|| userAgent.chars().anyMatch((c) -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029))) {
			throw new IllegalArgumentException("The user agent must be kept with AuditEvent.userAgentOf");
		}
		details = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(details, "details")));
		for (String text : new String[] { action, resourceType, resourceId, failureCode, principal, clientAddress,
				userAgent, requestId, traceId }) {
			requireWellFormed(text);
		}
		details.forEach((name, value) -> {
			requireWellFormed(name);
			requireWellFormed(value);
		});
	}

	/**
	 * Refuses text with an unpaired surrogate: it has no UTF-8 form, so two such values could be
	 * stored, and linked, alike.
	 */
	private static void requireWellFormed(@Nullable String text) {
		if (text == null) {
			return;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new IllegalArgumentException("An audit event's text must be well-formed Unicode");
			}
		}
	}

	/**
	 * A successful action with no client details, for events recorded outside a request.
	 * @param time when it ended
	 * @param action what was done
	 * @param resourceType the kind of resource
	 * @param resourceId the resource's id
	 * @param principal who did it
	 * @return the event
	 */
	public static AuditEvent success(Instant time, String action, String resourceType, @Nullable String resourceId,
			@Nullable String principal) {
		return new AuditEvent(time, action, resourceType, resourceId, Outcome.SUCCESS, null, principal, null, null,
				null, null, Map.of());
	}

	/**
	 * Keeps a client's {@code User-Agent} for an event: its first {@value #MAX_USER_AGENT}
	 * characters, control characters and line separators escaped ({@code \r} becomes the two
	 * characters {@code \r}), as the access log writes it.
	 * @param header the header's value, {@code null} if absent
	 * @return the value to record
	 */
	public static @Nullable String userAgentOf(@Nullable String header) {
		return LogValues.safe(header, MAX_USER_AGENT);
	}

	/**
	 * Keeps a resource id or a principal's name that a client may have chosen (an argument, a
	 * token's subject) for an event, as {@link #userAgentOf(String)} keeps the user agent: control
	 * characters, line separators and unpaired surrogates escaped, and cut, escapes included, to
	 * {@value #MAX_ID} characters, so that any value makes an event every sink can write.
	 * @param value the value, {@code null} if there is none
	 * @return the value to record
	 */
	public static @Nullable String idOf(@Nullable String value) {
		return LogValues.within(value, MAX_ID);
	}

	private static void requireText(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

}
