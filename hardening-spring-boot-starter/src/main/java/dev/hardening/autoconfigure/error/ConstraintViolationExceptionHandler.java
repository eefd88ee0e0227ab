package dev.hardening.autoconfigure.error;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.hardening.error.ErrorCode;
import dev.hardening.error.Violation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Answers a Bean Validation {@link ConstraintViolationException} (from a {@code @Validated}
 * controller) with a {@code 400} {@code VALIDATION_FAILED} problem listing each violation, or, for
 * a client that prefers HTML, with the application's error page (see {@link ErrorPages}).
 */
@ControllerAdvice
public class ConstraintViolationExceptionHandler {

	private final ProblemFactory factory;

	private final @Nullable ErrorPages pages;

	/**
	 * Creates a handler that answers every client with the problem.
	 * @param factory makes the problems
	 */
	public ConstraintViolationExceptionHandler(ProblemFactory factory) {
		this(factory, null);
	}

	/**
	 * Creates a handler.
	 * @param factory makes the problems
	 * @param pages hands clients that prefer HTML to the error page, or {@code null} to answer
	 * every client with the problem
	 */
	public ConstraintViolationExceptionHandler(ProblemFactory factory, @Nullable ErrorPages pages) {
		this.factory = factory;
		this.pages = pages;
	}

	/**
	 * Answers the exception with a validation problem, or, for a client that prefers HTML, with
	 * the application's error page.
	 * @param ex the exception
	 * @param request the request
	 * @param response the response
	 * @return the problem response, or {@code null} when the error page answers
	 * @throws IOException if handing the error to the error page fails
	 */
	@ExceptionHandler
	public @Nullable ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException ex,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		List<Violation> violations = new ArrayList<>();
		if (ex.getConstraintViolations() != null) {
			for (ConstraintViolation<?> violation : ex.getConstraintViolations()) {
				String constraint = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
				violations.add(new Violation(field(violation.getPropertyPath()), Violations.constraintCode(constraint),
						violation.getMessage()));
			}
		}
		ProblemDetail problem = this.factory.create(ErrorCode.VALIDATION_FAILED, "The request has invalid fields.");
		problem.setProperty(ProblemFactory.ERRORS, Violations.sorted(violations));
		if (this.pages != null && this.pages.handOff(request, response, problem, HttpHeaders.EMPTY)) {
			return null;
		}
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * The field as the client knows it: {@code create.request.name} becomes {@code name} (the
	 * method and a body parameter are Java's names, not the client's), {@code list.size} becomes
	 * {@code size}, and {@code ids[0].<list element>} becomes {@code ids[0]}.
	 */
	private static String field(Path path) {
		List<Path.Node> nodes = new ArrayList<>();
		path.forEach(nodes::add);
		int start = 0;
		while (start < nodes.size() && isExecutable(nodes.get(start))) {
			start++;
		}
		if (start + 1 < nodes.size() && nodes.get(start).getKind() == ElementKind.PARAMETER
				&& nodes.get(start + 1).getKind() == ElementKind.PROPERTY) {
			start++;
		}
		StringBuilder field = new StringBuilder();
		for (Path.Node node : nodes.subList(start, nodes.size())) {
			Object position = (node.getIndex() != null) ? node.getIndex() : node.getKey();
			if (node.isInIterable() && position != null) {
				field.append('[').append(position).append(']');
			}
			if (node.getName() == null || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
				continue;
			}
			if (field.length() > 0) {
				field.append('.');
			}
			field.append(node.getName());
		}
		return Violations.field(field.toString());
	}

	private static boolean isExecutable(Path.Node node) {
		return node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR;
	}

}
