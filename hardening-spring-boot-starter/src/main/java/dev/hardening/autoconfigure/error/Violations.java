package dev.hardening.autoconfigure.error;

import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.hardening.error.Violation;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;

/**
 * Turns Spring's validation and binding errors into {@link Violation}s: the field as the client
 * named it, the constraint as an UPPER_SNAKE code, and a message that never echoes the rejected
 * value or a Java type.
 */
final class Violations {

	static final String TYPE_MISMATCH = "TYPE_MISMATCH";

	static final String REQUIRED = "REQUIRED";

	/** The longest field path a problem names: paths come from the client's keys, a longer one is cut. */
	static final int MAX_FIELD_LENGTH = 200;

	private static final Comparator<Violation> ORDER = Comparator
		.comparing(Violation::field, Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing(Violation::code);

	private Violations() {
	}

	/**
	 * Returns the violations of a bound object ({@code @Valid @RequestBody}, {@code @ModelAttribute}).
	 */
	static List<Violation> of(Errors errors) {
		List<Violation> violations = new ArrayList<>();
		for (FieldError error : errors.getFieldErrors()) {
			violations.add(of(error));
		}
		for (ObjectError error : errors.getGlobalErrors()) {
			violations.add(new Violation(null, code(error), message(error)));
		}
		return sorted(violations);
	}

	/**
	 * Returns the violations of a controller method's parameters (Spring's built-in method
	 * validation, such as {@code @RequestParam @Max(100) int size}).
	 */
	static List<Violation> of(HandlerMethodValidationException ex) {
		List<Violation> violations = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			String element = element(result);
			if (result instanceof ParameterErrors errors) {
				// the elements of a list or map body: named from the body's root, as Jackson's paths are
				for (Violation violation : of(errors)) {
					violations.add((element == null) ? violation : new Violation(
							field(element + ((violation.field() != null) ? "." + violation.field() : "")),
							violation.code(), violation.message()));
				}
				continue;
			}
			String name = parameterName(result.getMethodParameter());
			String field = (element != null && name != null) ? field(name + element) : name;
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				violations.add(new Violation(field, code(error), message(error)));
			}
		}
		for (MessageSourceResolvable error : ex.getCrossParameterValidationResults()) {
			violations.add(new Violation(null, code(error), message(error)));
		}
		return sorted(violations);
	}

	/**
	 * Returns the violation of a parameter, path variable, header or cookie that could not be
	 * converted.
	 */
	static Violation of(TypeMismatchException ex) {
		String field = (ex instanceof MethodArgumentTypeMismatchException argument) ? argument.getName()
				: ex.getPropertyName();
		return new Violation(field, TYPE_MISMATCH, expectation(ex.getRequiredType()));
	}

	static List<Violation> sorted(List<Violation> violations) {
		violations.sort(ORDER);
		return violations;
	}

	private static Violation of(FieldError error) {
		if (error.isBindingFailure()) {
			Class<?> required = error.contains(TypeMismatchException.class)
					? error.unwrap(TypeMismatchException.class).getRequiredType() : null;
			return new Violation(field(error.getField()), TYPE_MISMATCH, expectation(required));
		}
		return new Violation(field(error.getField()), code(error), message(error));
	}

	/** The element of a container a result is about, as {@code [1]} or {@code [key]}; {@code null} if none. */
	private static @Nullable String element(ParameterValidationResult result) {
		if (result.getContainerIndex() != null) {
			return "[" + result.getContainerIndex() + "]";
		}
		return (result.getContainerKey() != null) ? "[" + result.getContainerKey() + "]" : null;
	}

	/**
	 * A field path as a problem names it: at most {@value #MAX_FIELD_LENGTH} characters, a longer
	 * one cut (never inside a surrogate pair) and marked with {@code ...}, since its map keys and
	 * property names come from the client.
	 */
	static @Nullable String field(@Nullable String path) {
		if (path == null || path.length() <= MAX_FIELD_LENGTH) {
			return path;
		}
		int end = Character.isHighSurrogate(path.charAt(MAX_FIELD_LENGTH - 1)) ? MAX_FIELD_LENGTH - 1 : MAX_FIELD_LENGTH;
		return path.substring(0, end) + "...";
	}

	/**
	 * Returns the name the client used for a controller parameter: the name in its
	 * {@code @RequestParam}, {@code @PathVariable}, {@code @RequestHeader} or {@code @CookieValue},
	 * else the Java parameter name.
	 */
	static @Nullable String parameterName(MethodParameter parameter) {
		String declared = null;
		RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
		PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
		RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
		CookieValue cookie = parameter.getParameterAnnotation(CookieValue.class);
		if (param != null) {
			declared = param.name();
		}
		else if (path != null) {
			declared = path.name();
		}
		else if (header != null) {
			declared = header.name();
		}
		else if (cookie != null) {
			declared = cookie.name();
		}
		return (declared != null && !declared.isEmpty()) ? declared : parameter.getParameterName();
	}

	private static String code(MessageSourceResolvable error) {
		String[] codes = error.getCodes();
		// codes run from most to least specific; the last is the bare constraint name, e.g. NotBlank
		return constraintCode((codes != null && codes.length > 0) ? codes[codes.length - 1] : null);
	}

	private static String message(MessageSourceResolvable error) {
		String message = error.getDefaultMessage();
		return (message != null) ? message : "is invalid";
	}

	/**
	 * Converts a constraint name to UPPER_SNAKE_CASE: {@code NotBlank} becomes {@code NOT_BLANK},
	 * {@code typeMismatch} {@code TYPE_MISMATCH}, {@code URLValid} {@code URL_VALID}.
	 */
	static String constraintCode(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return "INVALID";
		}
		StringBuilder code = new StringBuilder(name.length() + 4);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!Character.isLetterOrDigit(c) || c > 127) {
				appendSeparator(code);
				continue;
			}
			if (Character.isUpperCase(c) && i > 0) {
				char previous = name.charAt(i - 1);
				boolean nextIsLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
				if (Character.isLowerCase(previous) || Character.isDigit(previous)
						|| (Character.isUpperCase(previous) && nextIsLower)) {
					appendSeparator(code);
				}
			}
			code.append(Character.toUpperCase(c));
		}
		int end = code.length();
		while (end > 0 && code.charAt(end - 1) == '_') {
			end--;
		}
		return (end > 0) ? code.substring(0, end) : "INVALID";
	}

	private static void appendSeparator(StringBuilder code) {
		if (code.length() > 0 && code.charAt(code.length() - 1) != '_') {
			code.append('_');
		}
	}

	/**
	 * Says what a value of the given type must look like, in JSON terms rather than Java's.
	 */
	static String expectation(@Nullable Class<?> type) {
		if (type == null) {
			return "has an invalid value";
		}
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
		if (boxed == Boolean.class) {
			return "must be true or false";
		}
		if (boxed == Integer.class || boxed == Long.class || boxed == Short.class || boxed == Byte.class
				|| boxed == BigInteger.class) {
			return "must be an integer";
		}
		if (Number.class.isAssignableFrom(boxed)) {
			return "must be a number";
		}
		if (boxed.isEnum()) {
			return "must be one of " + Arrays.toString(boxed.getEnumConstants());
		}
		if (boxed == UUID.class) {
			return "must be a UUID";
		}
		if (boxed == LocalDate.class) {
			return "must be an ISO-8601 date, such as 2026-01-31";
		}
		if (boxed == LocalTime.class) {
			return "must be an ISO-8601 time, such as 13:45:00";
		}
		if (Temporal.class.isAssignableFrom(boxed)) {
			return "must be an ISO-8601 date-time, such as 2026-01-31T13:45:00Z";
		}
		if (boxed == Duration.class) {
			return "must be an ISO-8601 duration, such as PT30S";
		}
		if (CharSequence.class.isAssignableFrom(boxed) || boxed == Character.class) {
			return "must be a string";
		}
		if (boxed.isArray() || Collection.class.isAssignableFrom(boxed)) {
			return "must be an array";
		}
		if (Map.class.isAssignableFrom(boxed) || !boxed.getName().startsWith("java.")) {
			return "must be an object";
		}
		return "has an invalid value";
	}

}
