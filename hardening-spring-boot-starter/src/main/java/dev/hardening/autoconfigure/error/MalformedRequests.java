package dev.hardening.autoconfigure.error;

import java.lang.reflect.Method;
import java.nio.charset.CharacterCodingException;

import dev.hardening.error.ErrorCode;
import dev.hardening.web.BodyTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanInstantiationException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Recognizes the failures that the servlet container and Spring raise, outside Spring MVC's own
 * client-error exceptions, when the metadata or body of a request cannot be parsed: a wildcard
 * {@code Content-Type} on a body, query or form parameters that are badly encoded or too many,
 * more languages than Tomcat allows, a cookie Spring cannot percent-decode, broken multipart framing, a form body that a
 * filter could not decode. Each is the client's
 * mistake: a {@code 4xx} problem whose detail never quotes the input, and no server failure in
 * the log. Tomcat's exception is matched by name, as Tomcat is an optional dependency.
 */
final class MalformedRequests {

	private static final String DATA_BINDER = "org.springframework.validation.DataBinder";

	private static final String TOMCAT_INVALID_PARAMETER = "org.apache.tomcat.util.http.InvalidParameterException";

	/** Tomcat's {@code getErrorCode()}, looked up once per exception class. */
	private static final ClassValue<@Nullable Method> ERROR_CODE = new ClassValue<>() {

		@Override
		protected @Nullable Method computeValue(Class<?> type) {
			try {
				return type.getMethod("getErrorCode");
			}
			catch (NoSuchMethodException ex) {
				return null;
			}
		}

	};

	private MalformedRequests() {
	}

	/**
	 * The problem a request that could not be parsed is answered with.
	 * @param code the error code, which sets the status
	 * @param detail the explanation, free of the client's input
	 */
	record Rejection(ErrorCode code, String detail) {
	}

	/**
	 * Classifies a failure that reached no exception handler.
	 * @param failure the failure, unwrapped from the {@code DispatcherServlet}'s exception
	 * @param request the request that failed
	 * @return the rejection, or {@code null} if the failure is not a malformed request
	 */
	static @Nullable Rejection classify(Throwable failure, HttpServletRequest request) {
		if (failure instanceof MultipartException multipart && !(failure instanceof MaxUploadSizeExceededException)) {
			return multipart(multipart, request);
		}
		if (failure instanceof HttpMessageNotReadableException unreadable) {
			// thrown by a filter that reads the body, such as Spring's FormContentFilter
			BodyTooLargeException tooLarge = causeOf(unreadable, BodyTooLargeException.class);
			if (tooLarge != null) {
				return tooLarge(tooLarge);
			}
			return new Rejection(ErrorCode.MALFORMED_BODY, RequestBodyErrors.explain(unreadable).detail());
		}
		Throwable parameters = tomcatInvalidParameter(failure);
		if (parameters != null) {
			return parameters(parameters);
		}
		if (failure instanceof IllegalArgumentException && thrownBy(failure, "org.apache.catalina.connector.Request",
				"parseLocales")) {
			return new Rejection(ErrorCode.INVALID_PARAMETER,
					"The Accept-Language header lists more languages than the server accepts.");
		}
		if (failure instanceof IllegalArgumentException && thrownBy(failure,
				"org.springframework.web.servlet.mvc.method.annotation.ServletCookieValueMethodArgumentResolver",
				"resolveName")) {
			// Spring percent-decodes a @CookieValue, and fails on an invalid escape
			return new Rejection(ErrorCode.INVALID_PARAMETER, "A cookie is not correctly percent-encoded.");
		}
		if (unfollowablePropertyPath(failure)) {
			// a parameter named as an indexed path the binder cannot follow onto a form object:
			// tags[1000] past its auto-grow limit, tags[x], name[0] on a plain property
			return new Rejection(ErrorCode.INVALID_PARAMETER,
					"A parameter name is not a field of this endpoint's form, or its index is not one it accepts.");
		}
		if (failure instanceof IllegalArgumentException && wildcardContentType(request)
				&& thrownBy(failure, "org.springframework.http.HttpHeaders", "setContentType")
				&& thrownBy(failure, "org.springframework.http.server.ServletServerHttpRequest", "getHeaders")) {
			// Spring's ServletServerHttpRequest refuses to carry a wildcard Content-Type; any other
			// IllegalArgumentException on such a request is the application's, and a 500
			return new Rejection(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
					"The Content-Type of the request body must be a media type, not a wildcard.");
		}
		return null;
	}

	/**
	 * Classifies a multipart request that could not be parsed: a body that is not multipart where
	 * a part was expected, a multipart {@code Content-Type} without boundary, or a body whose
	 * framing is broken or cut short.
	 * @param ex the failure
	 * @param request the request
	 * @return the rejection
	 */
	static Rejection multipart(MultipartException ex, HttpServletRequest request) {
		Throwable parameters = tomcatInvalidParameter(ex);
		if (parameters != null) {
			return parameters(parameters);
		}
		BodyTooLargeException tooLarge = causeOf(ex, BodyTooLargeException.class);
		if (tooLarge != null) {
			return tooLarge(tooLarge);
		}
		MediaType contentType = contentType(request);
		if (contentType == null || !"multipart".equalsIgnoreCase(contentType.getType())) {
			return new Rejection(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The request body must be multipart/form-data.");
		}
		if (contentType.getParameter("boundary") == null) {
			return new Rejection(ErrorCode.MALFORMED_BODY, "The multipart Content-Type has no boundary.");
		}
		return new Rejection(ErrorCode.MALFORMED_BODY,
				"The multipart body is malformed, or ends before its closing boundary.");
	}

	private static Rejection parameters(Throwable invalid) {
		BodyTooLargeException tooLarge = causeOf(invalid, BodyTooLargeException.class);
		if (tooLarge != null || errorCode(invalid) == 413) {
			return tooLarge(tooLarge);
		}
		String message = invalid.getMessage();
		if (message != null && message.contains("maxParameterCount")) {
			return new Rejection(ErrorCode.TOO_MANY_PARAMETERS,
					"The request has more query and form parameters than the server accepts.");
		}
		Throwable cause = invalid.getCause();
		if (cause == null) {
			// Tomcat's invalid chunk: a pair without a name (=x, a&=&b)
			return new Rejection(ErrorCode.INVALID_PARAMETER,
					"A query or form parameter has no name; parameters are name=value pairs joined by '&'.");
		}
		if (cause instanceof CharacterCodingException || cause.getClass().getSimpleName().equals("DecodeException")) {
			return new Rejection(ErrorCode.INVALID_PARAMETER,
					"A query or form parameter is not correctly percent-encoded, or not valid in its charset.");
		}
		return new Rejection(ErrorCode.BAD_REQUEST, "The query or form parameters could not be read.");
	}

	private static Rejection tooLarge(@Nullable BodyTooLargeException ex) {
		return new Rejection(ErrorCode.PAYLOAD_TOO_LARGE, (ex != null)
				? "The request body is larger than " + ex.limit() + " bytes." : "The request body is larger than the server accepts.");
	}

	private static @Nullable Throwable tomcatInvalidParameter(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().equals(TOMCAT_INVALID_PARAMETER)) {
				return cause;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	/**
	 * Whether Spring's data binder failed on a parameter's name while binding a handler's form
	 * object (through its setters or its constructor, as records are): an index it cannot follow
	 * ({@code tags[x]}, {@code tags[-1]}, {@code tags[99999999999]}, {@code tags[1000]} past its
	 * auto-grow limit, {@code tags[} unclosed), an index on a plain property ({@code name[0]}), a
	 * nested path under a value it cannot create ({@code name.x}). The binder lets these out as
	 * {@code InvalidPropertyException} or as the plain {@code NumberFormatException},
	 * {@code IndexOutOfBoundsException} or {@code IllegalStateException} of its own parsing: the
	 * failure counts when it was thrown by the binder's code (its first frames outside the JDK and
	 * Spring's assertions are in {@code org.springframework.beans} or
	 * {@code org.springframework.validation}) while Spring resolved a {@code @ModelAttribute}
	 * argument, in the binding itself (applying the parameters, or constructing the object from
	 * them), and so was any cause it has. The application's own code failing there (a record's
	 * constructor, reported by Spring as a {@code BeanInstantiationException}; a getter, reported
	 * with its failure as the cause), its validators, its binder's settings and a binder the
	 * application runs itself in its handler are not the client's mistake.
	 */
	private static boolean unfollowablePropertyPath(Throwable failure) {
		if (failure instanceof BeanInstantiationException
				|| !calledFrom(failure, "org.springframework.web.method.annotation.ModelAttributeMethodProcessor")
				|| !(calledFrom(failure, DATA_BINDER, "applyPropertyValues") || calledFrom(failure, DATA_BINDER, "construct"))
				|| calledFrom(failure, DATA_BINDER, "validate")) {
			// the application's own code failing under the binder (a constructor, a getter, which
			// Spring reports with the failure as cause), its validators, its binder's settings
			return false;
		}
		Throwable link = failure;
		for (int depth = 0; link != null && depth < 16; depth++, link = link.getCause()) {
			if (!thrownByBinder(link)) {
				// a cause from the application's code: a getter the binder called threw
				return false;
			}
		}
		// a chain deeper than Spring's own wrapping: not one the binder made
		return link == null;
	}

	/**
	 * Whether a failure was thrown by Spring's binder: its first frame outside the JDK and Spring's
	 * assertions is in {@code org.springframework.beans} or {@code org.springframework.validation};
	 * or all its frames are the JDK's (a list's own index check the binder ran into).
	 */
	private static boolean thrownByBinder(Throwable failure) {
		for (StackTraceElement frame : failure.getStackTrace()) {
			String type = frame.getClassName();
			if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
					|| type.equals("org.springframework.util.Assert")) {
				continue;
			}
			return type.startsWith("org.springframework.beans.") || type.startsWith("org.springframework.validation.");
		}
		return true;
	}

	/** Whether a method of a class is anywhere on the stack the failure was thrown from. */
	private static boolean calledFrom(Throwable failure, String className, String methodName) {
		for (StackTraceElement frame : failure.getStackTrace()) {
			if (frame.getClassName().equals(className) && frame.getMethodName().equals(methodName)) {
				return true;
			}
		}
		return false;
	}

	/** Whether a class is anywhere on the stack the failure was thrown from. */
	private static boolean calledFrom(Throwable failure, String className) {
		for (StackTraceElement frame : failure.getStackTrace()) {
			if (frame.getClassName().equals(className)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a failure was thrown by the given method, in its first frames: Tomcat throws a
	 * plain {@code IllegalArgumentException} for a header with more values than it allows.
	 */
	private static boolean thrownBy(Throwable failure, String className, String methodName) {
		StackTraceElement[] frames = failure.getStackTrace();
		for (int i = 0; i < Math.min(frames.length, 8); i++) {
			if (frames[i].getClassName().equals(className) && frames[i].getMethodName().equals(methodName)) {
				return true;
			}
		}
		return false;
	}

	private static int errorCode(Throwable invalid) {
		Method getter = ERROR_CODE.get(invalid.getClass());
		if (getter == null) {
			return 0;
		}
		try {
			return (getter.invoke(invalid) instanceof Integer code) ? code : 0;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return 0;
		}
	}

	private static boolean wildcardContentType(HttpServletRequest request) {
		MediaType contentType = contentType(request);
		return contentType != null && (contentType.isWildcardType() || contentType.isWildcardSubtype());
	}

	private static @Nullable MediaType contentType(HttpServletRequest request) {
		String value = request.getContentType();
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return MediaType.parseMediaType(value);
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	static <T extends Throwable> @Nullable T causeOf(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
