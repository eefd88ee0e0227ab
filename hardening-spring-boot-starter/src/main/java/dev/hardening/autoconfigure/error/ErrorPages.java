package dev.hardening.autoconfigure.error;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * Content negotiation for errors, in one place: a client that prefers HTML (a browser asking for
 * a page, see {@link #prefersHtml(HttpServletRequest)}) is handed to the servlet container's
 * error page, as Spring's own {@code DefaultHandlerExceptionResolver} hands it with
 * {@code sendError}, so that the application's error view renders it exactly as Spring Boot
 * would ({@code error/404.html}, {@code error/4xx.html}, {@code error.html}, the Whitelabel
 * page); every other client gets the problem. Whatever answers an error asks here, on errors only:
 * the exception handlers, the filters that answer before Spring MVC through
 * {@link ProblemResponseWriter}, and {@link ProblemErrorController}, which renders the page.
 */
public final class ErrorPages {

	/** The request attribute that carries the problem to the error page. */
	static final String PROBLEM_ATTRIBUTE = ErrorPages.class.getName() + ".problem";

	private final ProblemFactory factory;

	private final boolean errorPageRegistered;

	/**
	 * Creates the negotiation.
	 * @param factory completes the problems handed to the error page
	 * @param errorPageRegistered whether the container forwards errors to an error page (Spring
	 * Boot registers {@code /error} unless its error handling is excluded); without one, every
	 * client gets the problem
	 */
	public ErrorPages(ProblemFactory factory, boolean errorPageRegistered) {
		this.factory = factory;
		this.errorPageRegistered = errorPageRegistered;
	}

	/**
	 * Tells whether the client prefers an HTML page to a problem: its {@code Accept} names
	 * {@code text/html} above, or as high as and before, anything a problem is written as. No
	 * {@code Accept}, {@code *}{@code /*}, JSON, and headers that cannot be read are API clients.
	 * @param request the request
	 * @return {@code true} for a browser asking for a page
	 */
	public static boolean prefersHtml(HttpServletRequest request) {
		return AcceptHeader.prefersHtml(request.getHeaders(HttpHeaders.ACCEPT));
	}

	/**
	 * Hands an error to the application's error page when the client prefers HTML: the problem
	 * is completed and kept for the page (its {@code code} and {@code requestId} are in the
	 * view's model), the headers are set, and the status is sent with {@code sendError}. Only on a
	 * request's first dispatch, before anything was committed.
	 * @param request the request
	 * @param response the response
	 * @param problem the problem the client would otherwise get
	 * @param headers headers the answer carries either way, such as {@code Allow} or
	 * {@code Retry-After}
	 * @return {@code true} if the error page answers, {@code false} if the caller writes the problem
	 * @throws IOException if sending the error fails
	 */
	public boolean handOff(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem,
			HttpHeaders headers) throws IOException {
		if (!this.errorPageRegistered || request.getDispatcherType() != DispatcherType.REQUEST
				|| response.isCommitted() || !prefersHtml(request)) {
			return false;
		}
		this.factory.complete(problem, request);
		headers.forEach((name, values) -> {
			if (!values.isEmpty() && !HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
					&& !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
				response.setHeader(name, values.get(0));
				values.subList(1, values.size()).forEach((value) -> response.addHeader(name, value));
			}
		});
		request.setAttribute(PROBLEM_ATTRIBUTE, problem);
		response.sendError(problem.getStatus());
		return true;
	}

	/**
	 * Returns the problem an error was handed to the error page with, for an
	 * {@code ErrorController} of the application that wants its code.
	 * @param request the error dispatch
	 * @return the problem, or {@code null} if the error did not come from the starter
	 */
	public static @Nullable ProblemDetail problem(HttpServletRequest request) {
		return (request.getAttribute(PROBLEM_ATTRIBUTE) instanceof ProblemDetail problem) ? problem : null;
	}

}
