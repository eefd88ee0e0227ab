package dev.hardening.autoconfigure.error;

import java.util.List;

import dev.hardening.error.Violation;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Explains why a request body could not be read, from the Jackson exception behind Spring's
 * {@link HttpMessageNotReadableException}: where the JSON is broken, or which field has the wrong
 * type. Jackson's own messages are never used, as they quote the input and name Java types.
 */
final class RequestBodyErrors {

	private RequestBodyErrors() {
	}

	record Explanation(String detail, List<Violation> violations) {
	}

	static Explanation explain(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof JacksonException jackson) {
			return explain(jackson);
		}
		String message = ex.getMessage();
		if (cause == null && message != null && message.startsWith("Required request body is missing")) {
			return new Explanation("The request body is missing.", List.of());
		}
		return new Explanation("The request body could not be read.", List.of());
	}

	private static Explanation explain(JacksonException ex) {
		String field = path(ex);
		if (ex instanceof UnrecognizedPropertyException) {
			return new Explanation("The request body has unknown fields.",
					List.of(new Violation(field, "UNKNOWN_FIELD", "is not a known field")));
		}
		if (ex instanceof MismatchedInputException || ex instanceof InputCoercionException) {
			String expectation = Violations.expectation(targetType(ex));
			if (field == null) {
				return new Explanation("The request body " + expectation + ".", List.of());
			}
			return new Explanation("The request body has fields of the wrong type.",
					List.of(new Violation(field, Violations.TYPE_MISMATCH, expectation)));
		}
		if (ex instanceof StreamConstraintsException) {
			return new Explanation("The request body is larger or deeper than the JSON parser accepts.", List.of());
		}
		if (ex instanceof StreamReadException) {
			return new Explanation("The request body is not valid JSON" + location(ex.getLocation()) + ".", List.of());
		}
		if (field != null) {
			return new Explanation("The request body has invalid values.",
					List.of(new Violation(field, "INVALID_VALUE", "has an invalid value")));
		}
		return new Explanation("The request body could not be read.", List.of());
	}

	private static @Nullable Class<?> targetType(JacksonException ex) {
		if (ex instanceof MismatchedInputException mismatch) {
			return mismatch.getTargetType();
		}
		return (ex instanceof InputCoercionException coercion) ? coercion.getTargetType() : null;
	}

	private static @Nullable String path(JacksonException ex) {
		List<JacksonException.Reference> references = ex.getPath();
		if (references.isEmpty()) {
			return null;
		}
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				if (path.length() > 0) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return (path.length() > 0) ? Violations.field(path.toString()) : null;
	}

	private static String location(@Nullable TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

}
