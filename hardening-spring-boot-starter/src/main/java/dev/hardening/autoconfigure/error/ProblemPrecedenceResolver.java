package dev.hardening.autoconfigure.error;

import java.io.IOException;

import dev.hardening.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.ConversionNotSupportedException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Keeps the application's catch-all {@code @ExceptionHandler} from answering what the starter
 * answers: runs before Spring MVC's exception handlers and answers, with the starter's own
 * handlers, every {@link ApiException} (always), and each of Spring MVC's client errors (the
 * {@code 4xx} exceptions of {@code ResponseEntityExceptionHandler}, and the requests
 * {@link MalformedRequests} recognizes) that the handler Spring would pick takes only as an
 * {@code Exception}, {@code RuntimeException} or {@code Throwable}. An application handler
 * declared for the exception's own type, or for a closer supertype, still answers it; so do
 * handlers for anything else. Which handler Spring would pick is read from
 * {@link ApplicationExceptionHandlers}, built once at startup.
 */
final class ProblemPrecedenceResolver implements HandlerExceptionResolver, Ordered, SmartInitializingSingleton {

	/**
	 * Right after Spring Boot's {@code DefaultErrorAttributes}, which only records the exception
	 * for the error page, and the {@link CommittedResponseResolver}, and before Spring MVC's own
	 * resolvers (order 0).
	 */
	static final int ORDER = CommittedResponseResolver.ORDER + 1;

	private final ListableBeanFactory beans;

	private final ObjectProvider<ContentNegotiationManager> negotiation;

	private final ApiExceptionHandler api;

	private final @Nullable ProblemExceptionHandler problems;

	private final ProblemFactory factory;

	private final ProblemResponseWriter writer;

	private volatile @Nullable ApplicationExceptionHandlers handlers;

	ProblemPrecedenceResolver(ListableBeanFactory beans, ObjectProvider<ContentNegotiationManager> negotiation,
			ApiExceptionHandler api, @Nullable ProblemExceptionHandler problems, ProblemFactory factory,
			ProblemResponseWriter writer) {
		this.beans = beans;
		this.negotiation = negotiation;
		this.api = api;
		this.problems = problems;
		this.factory = factory;
		this.writer = writer;
	}

	@Override
	public void afterSingletonsInstantiated() {
		handlers();
	}

	/** Read once, at startup; on first use where this resolver was created lazily. */
	private ApplicationExceptionHandlers handlers() {
		ApplicationExceptionHandlers handlers = this.handlers;
		if (handlers == null) {
			synchronized (this) {
				handlers = this.handlers;
				if (handlers == null) {
					handlers = ApplicationExceptionHandlers.of(this.beans, this.negotiation.getIfUnique());
					this.handlers = handlers;
				}
			}
		}
		return handlers;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		boolean ours = ex instanceof ApiException;
		boolean client = !ours && this.problems != null && clientError(ex);
		MalformedRequests.Rejection malformed = (ours || client) ? null : MalformedRequests.classify(ex, request);
		if (!ours && !client && malformed == null) {
			return null;
		}
		ServletWebRequest webRequest = new ServletWebRequest(request, response);
		ApplicationExceptionHandlers.Pick pick = handlers().pick(handler, ex, webRequest);
		if (pick == null || pick.starters() || (!ours && !pick.applicationCatchAll(ex))) {
			// nobody but the starter takes it, or the application's own handler for it does
			return null;
		}
		try {
			if (malformed != null) {
				this.writer.write(request, response, this.factory.create(malformed.code(), malformed.detail()));
				return new ModelAndView();
			}
			ResponseEntity<?> answer = answer(ex, request, response, webRequest);
			return (answer == null || write(answer, request, response)) ? new ModelAndView() : null;
		}
		catch (Exception failure) {
			// as Spring's resolver does with a handler that fails: the next resolver tries
			return null;
		}
	}

	private @Nullable ResponseEntity<?> answer(Exception ex, HttpServletRequest request, HttpServletResponse response,
			ServletWebRequest webRequest) throws Exception {
		if (ex instanceof ApiException api) {
			return this.api.handleApiException(api, request, response);
		}
		if (this.problems == null) {
			return null;
		}
		if (ex instanceof MultipartException multipart && !(ex instanceof MaxUploadSizeExceededException)) {
			return this.problems.handleMalformedMultipart(multipart, webRequest);
		}
		return this.problems.handleException(ex, webRequest);
	}

	private boolean write(ResponseEntity<?> answer, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (!(answer.getBody() instanceof ProblemDetail problem)) {
			return false;
		}
		answer.getHeaders().forEach((name, values) -> {
			if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) && !values.isEmpty()) {
				response.setHeader(name, values.get(0));
				values.subList(1, values.size()).forEach((value) -> response.addHeader(name, value));
			}
		});
		this.writer.writeProblem(request, response, problem);
		return true;
	}

	/**
	 * Tells whether an exception is one of the client errors Spring MVC raises while it maps,
	 * binds and reads a request, which {@code ResponseEntityExceptionHandler} answers with a
	 * {@code 4xx}.
	 */
	static boolean clientError(Exception ex) {
		if (ex instanceof ErrorResponse response && !response.getStatusCode().is4xxClientError()) {
			// a MissingPathVariableException of a mapping that declares no such variable: a bug
			return false;
		}
		if (ex instanceof ConversionNotSupportedException) {
			return false;
		}
		return ex instanceof HttpRequestMethodNotSupportedException || ex instanceof HttpMediaTypeNotSupportedException
				|| ex instanceof HttpMediaTypeNotAcceptableException || ex instanceof MissingServletRequestPartException
				|| ex instanceof ServletRequestBindingException || ex instanceof MethodArgumentNotValidException
				|| ex instanceof HandlerMethodValidationException || ex instanceof NoHandlerFoundException
				|| ex instanceof NoResourceFoundException || ex instanceof MultipartException
				|| ex instanceof TypeMismatchException || ex instanceof HttpMessageNotReadableException;
	}

}
