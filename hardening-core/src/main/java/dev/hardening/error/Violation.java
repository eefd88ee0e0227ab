package dev.hardening.error;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One broken constraint in a request, an entry of a validation problem's {@code errors} member.
 *
 * @param field the path of the offending value as the client sent it ({@code name},
 * {@code owner.email}, {@code tags[0]}), or {@code null} when the constraint spans the whole
 * object
 * @param code the constraint in UPPER_SNAKE_CASE, for example {@code NOT_BLANK} or {@code SIZE}
 * @param message a human-readable explanation, for example {@code must not be blank}
 */
public record Violation(@Nullable String field, String code, String message) {

	/**
	 * Validates the components.
	 * @throws NullPointerException if the code or message is {@code null}
	 */
	public Violation {
		Objects.requireNonNull(code, "code must not be null");
		Objects.requireNonNull(message, "message must not be null");
	}

}
