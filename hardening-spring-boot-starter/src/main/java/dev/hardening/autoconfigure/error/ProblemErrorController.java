package dev.hardening.autoconfigure.error;

import java.net.URI;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page as a problem. The servlet container forwards here whatever Spring MVC did not
 * answer itself: a {@code sendError} from a filter or from Spring Security, an exception thrown
 * before the request reached hardening's filters, a container rejection. Replaces Spring Boot's
 * {@code BasicErrorController}, so no {@code server.error.*} or {@code spring.web.error.*} setting
 * can put a stack trace or exception message in the body.
 */
@Controller
@RequestMapping("${spring.web.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

	private final ProblemFactory factory;

	/**
	 * Creates a controller.
	 * @param factory makes the problems
	 */
	public ProblemErrorController(ProblemFactory factory) {
		this.factory = factory;
	}

	/**
	 * Answers the forwarded error with a problem. The servlet container has already logged any
	 * exception that reached it, so nothing is logged here.
	 * @param request the error dispatch
	 * @return the problem response
	 */
	@RequestMapping
	public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		ProblemDetail problem = problem(request);
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (path instanceof String uri) {
			try {
				problem.setInstance(URI.create(uri));
			}
			catch (IllegalArgumentException ex) {
				// a path that is no URI reference, such as "//", percent-encoded
				problem.setInstance(URI.create(ProblemFactory.encoded(uri)));
			}
		}
		return ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private ProblemDetail problem(HttpServletRequest request) {
		if (request.getDispatcherType() != DispatcherType.ERROR) {
			// a client asking for the error path itself: there is nothing here
			return this.factory.create(ErrorCode.NOT_FOUND, "No endpoint exists at this path.");
		}
		Throwable failure = failure(request);
		if (failure instanceof ApiException api) {
			return this.factory.create(api);
		}
		int status = status(request);
		if (status >= 500) {
			return this.factory.createInternal(status, (failure != null) ? failure : new ServletException("HTTP " + status));
		}
		return this.factory.create(ErrorCode.forStatus(status), detail(status));
	}

	private static @Nullable Throwable failure(HttpServletRequest request) {
		Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (exception instanceof ServletException servlet && servlet.getCause() != null) {
			return servlet.getCause();
		}
		return (exception instanceof Throwable throwable) ? throwable : null;
	}

	private static int status(HttpServletRequest request) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (status instanceof Integer code && code >= 400 && code <= 599) {
			return code;
		}
		return HttpStatus.INTERNAL_SERVER_ERROR.value();
	}

	private static String detail(int status) {
		return switch (status) {
			case 400 -> "The request is malformed.";
			case 401 -> "Authentication is required.";
			case 403 -> "Access is denied.";
			case 404 -> "No endpoint exists at this path.";
			case 405 -> "The endpoint does not support this method.";
			case 413 -> "The request body is too large.";
			case 414 -> "The request URI is too long.";
			case 431 -> "The request headers are too large.";
			default -> "The request failed with status " + status + ".";
		};
	}

}
