package dev.hardening.error;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The request broke constraints that Bean Validation could not check: a {@code 400} problem with
 * code {@code VALIDATION_FAILED} and an {@code errors} member listing each {@link Violation}.
 *
 * <pre>{@code
 * throw new ValidationException(List.of(new Violation("endDate", "BEFORE_START", "must be after startDate")));
 * }</pre>
 */
public class ValidationException extends ApiException {

	private static final long serialVersionUID = 1L;

	private final List<Violation> violations;

	/**
	 * Creates an exception with a generic detail.
	 * @param violations the broken constraints, at least one
	 * @throws IllegalArgumentException if there are no violations
	 */
	public ValidationException(List<Violation> violations) {
		this("The request has invalid fields.", violations);
	}

	/**
	 * Creates an exception.
	 * @param detail a summary, shown to the client
	 * @param violations the broken constraints, at least one
	 * @throws IllegalArgumentException if there are no violations
	 */
	public ValidationException(String detail, List<Violation> violations) {
		super(ErrorCode.VALIDATION_FAILED, detail, Map.of());
		Objects.requireNonNull(violations, "violations must not be null");
		if (violations.isEmpty()) {
			throw new IllegalArgumentException("violations must not be empty");
		}
		this.violations = List.copyOf(violations);
	}

	/**
	 * Returns the broken constraints.
	 * @return an unmodifiable list, never empty
	 */
	public List<Violation> violations() {
		return this.violations;
	}

}
