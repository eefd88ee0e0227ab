package dev.hardening.autoconfigure.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.autoconfigure.error.AbstractErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The error page. The servlet container forwards here whatever Spring MVC did not answer itself:
 * a {@code sendError} from a filter or from Spring Security, an exception thrown before the
 * request reached hardening's filters, a container rejection, and the errors the starter hands
 * to the page for clients that prefer HTML (see {@link ErrorPages}). Replaces Spring Boot's
 * {@code BasicErrorController} and negotiates as it does: a browser gets the application's error
 * view, resolved by Boot's {@link ErrorViewResolver}s ({@code error/404.html},
 * {@code error/4xx.html}, else the {@code error} view: {@code error.html} or the Whitelabel page),
 * any other client the problem. The view's model is Boot's default error attributes (timestamp,
 * status, error, path) with the problem's {@code code} and {@code requestId}; no
 * {@code server.error.*} or {@code spring.web.error.*} setting can put a stack trace, an
 * exception or its message in it, nor in the problem. Where the application has no error view
 * at all, browsers get the problem too.
 */
@Controller
@RequestMapping("${spring.web.error.path:${error.path:/error}}")
public class ProblemErrorController extends AbstractErrorController {

	/** The model attribute holding the problem's {@link ErrorCode#code() code}. */
	public static final String CODE = ProblemFactory.CODE;

	/** The model attribute holding the request ID. */
	public static final String REQUEST_ID = ProblemFactory.REQUEST_ID;

	/** What Boot's error attributes hold about the failure; never shown, whatever is configured. */
	private static final List<String> INTERNALS = List.of("exception", "trace", "message", "errors");

	private final ProblemFactory factory;

	private final boolean errorViewAvailable;

	/**
	 * Creates a controller that answers every client with the problem.
	 * @param factory makes the problems
	 * @param errorAttributes the attributes of Boot's error model
	 */
	public ProblemErrorController(ProblemFactory factory, ErrorAttributes errorAttributes) {
		this(factory, errorAttributes, List.of(), false);
	}

	/**
	 * Creates a controller.
	 * @param factory makes the problems
	 * @param errorAttributes the attributes of Boot's error model
	 * @param errorViewResolvers resolve the view for a status, such as Boot's
	 * {@code DefaultErrorViewResolver}
	 * @param errorViewAvailable whether a view named {@code error} exists (an {@code error}
	 * template, or Boot's Whitelabel page), for statuses no resolver has a view for
	 */
	public ProblemErrorController(ProblemFactory factory, ErrorAttributes errorAttributes,
			List<ErrorViewResolver> errorViewResolvers, boolean errorViewAvailable) {
		super(errorAttributes, errorViewResolvers);
		this.factory = factory;
		this.errorViewAvailable = errorViewAvailable;
	}

	/**
	 * Answers the forwarded error: with the application's error view for a client that prefers
	 * HTML, else with a problem. The servlet container has already logged any exception that
	 * reached it, so nothing is logged here.
	 * @param request the error dispatch
	 * @param response the response
	 * @return the view, or the problem response
	 */
	@RequestMapping
	public @Nullable Object error(HttpServletRequest request, HttpServletResponse response) {
		if (response.isCommitted()) {
			// the container includes the error page into a response already under way: a problem
			// written now would end up inside the body the client is reading
			return null;
		}
		ProblemDetail problem = problem(request);
		if (request.getDispatcherType() == DispatcherType.ERROR && ErrorPages.prefersHtml(request)) {
			ModelAndView page = page(request, response, problem);
			if (page != null) {
				return page;
			}
		}
		return ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	/**
	 * The application's view for the status, as Boot's {@code BasicErrorController} resolves it,
	 * with a model that says nothing of the failure but its code.
	 */
	private @Nullable ModelAndView page(HttpServletRequest request, HttpServletResponse response,
			ProblemDetail problem) {
		HttpStatus status = getStatus(request);
		Map<String, @Nullable Object> model = new LinkedHashMap<>(
				getErrorAttributes(request, ErrorAttributeOptions.defaults()));
		INTERNALS.forEach(model::remove);
		Map<String, @Nullable Object> properties = problem.getProperties();
		if (properties != null) {
			model.put(CODE, properties.get(ProblemFactory.CODE));
			model.put(REQUEST_ID, properties.get(ProblemFactory.REQUEST_ID));
		}
		Map<String, Object> view = Collections.unmodifiableMap(model);
		response.setStatus(status.value());
		ModelAndView page = resolveErrorView(request, response, status, view);
		if (page == null && this.errorViewAvailable) {
			page = new ModelAndView("error", view);
		}
		return page;
	}

	private ProblemDetail problem(HttpServletRequest request) {
		ProblemDetail handedOff = ErrorPages.problem(request);
		if (handedOff != null && handedOff.getStatus() == status(request)) {
			return handedOff;
		}
		ProblemDetail problem = create(request);
		// the instance is the path that failed, percent-encoded where it is no URI reference ("//")
		this.factory.complete(problem, request);
		return problem;
	}

	private ProblemDetail create(HttpServletRequest request) {
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
		return this.factory.create(ErrorCode.forStatus(status), ProblemFactory.generalDetail(status));
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

}
